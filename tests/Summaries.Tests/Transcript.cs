namespace LiveChat.Summaries.Tests;

/// <summary>Builds transcripts one line a minute from a fixed start, so tests read like the chat they describe.</summary>
internal sealed class Transcript
{
    public static readonly DateTimeOffset Start = new(2026, 5, 1, 10, 15, 0, TimeSpan.Zero);

    private readonly List<TranscriptLine> _lines = [];

    public IReadOnlyList<TranscriptLine> Lines => _lines;

    public Transcript Visitor(string text) => Add(SpeakerKind.Visitor, null, text);

    public Transcript Operator(string name, string text) => Add(SpeakerKind.Operator, name, text);

    public Transcript Bot(string name, string text) => Add(SpeakerKind.Bot, name, text);

    public Transcript System(string text) => Add(SpeakerKind.System, null, text);

    public SummaryRequest Request(string language, string? question = null, string channel = "whatsapp") =>
        new("chat-1", channel, question, language, _lines);

    private Transcript Add(SpeakerKind kind, string? name, string text)
    {
        _lines.Add(new TranscriptLine(kind, name, Start.AddMinutes(_lines.Count), text));
        return this;
    }

    public static Transcript English() => new Transcript()
        .Bot("SupportBot", "Hi! I'm the support bot. How can I help you today?")
        .Visitor("Hello")
        .Visitor("Hi, my order #48213 hasn't arrived yet and the tracking page shows an error.")
        .Bot("SupportBot", "I'll connect you with a colleague.")
        .System("Anna joined the chat.")
        .Operator("Anna", "Hi there, thanks for waiting! Let me check order 48213 for you.")
        .Visitor("Sure, thanks. It was supposed to arrive on 12 March.")
        .Operator("Anna", "I see the parcel was returned to our warehouse because the address was incomplete.")
        .Visitor("Oh no. Can you send it again to 14 Elm Street? My email is jane.doe@example.com")
        .Operator("Anna", "I've reshipped it today with express delivery at no cost, and refunded the €4.99 shipping fee.")
        .Operator("Anna", "You'll get a new tracking number at jane.doe@example.com within the hour.")
        .Visitor("Perfect, thank you so much!")
        .Operator("Anna", "You're welcome! Is there anything else I can help you with?")
        .Visitor("No, that's all. Bye!");

    public static Transcript German() => new Transcript()
        .Visitor("Hallo!")
        .Visitor("Guten Tag, meine Bestellung 77812 ist beschädigt angekommen, der Bildschirm ist kaputt.")
        .Operator("Markus", "Hallo, vielen Dank für Ihre Geduld. Das tut mir leid! Können Sie mir ein Foto an service@example.de schicken?")
        .Visitor("Ja, hier ist das Foto. Ich habe 349,00 € bezahlt, am 03.05.2024.")
        .Operator("Markus", "Danke! Ich habe einen Ersatz veranlasst, er wird morgen versendet.")
        .Operator("Markus", "Das defekte Gerät können Sie mit dem beiliegenden Retourenschein kostenlos zurückschicken.")
        .Visitor("Super, danke schön! Tschüss")
        .Operator("Markus", "Gern geschehen, einen schönen Tag noch!");

    public static Transcript French() => new Transcript()
        .Visitor("Bonjour")
        .Visitor("Bonjour, j'ai été débité deux fois pour la commande FR-20931 (59,90 €).")
        .Operator("Claire", "Bonjour, merci de votre patience. Je vérifie votre compte.")
        .Visitor("Le deuxième paiement date du 14/06. Est-ce que je serai remboursé ?")
        .Operator("Claire", "Oui, j'ai remboursé le paiement en double, vous le verrez sous 3 à 5 jours.")
        .Visitor("Merci beaucoup, bonne journée !")
        .Operator("Claire", "Avec plaisir, au revoir !");

    public static Transcript Spanish() => new Transcript()
        .Visitor("Hola, buenas tardes")
        .Visitor("No puedo iniciar sesión en mi cuenta, me sale el error 403.")
        .Bot("Asistente", "Lo siento, voy a pasarte con un agente.")
        .Operator("Lucía", "Hola, gracias por esperar. ¿Me confirma su correo electrónico?")
        .Visitor("Sí, es carlos.ruiz@example.es")
        .Operator("Lucía", "He restablecido su contraseña y le enviaré un enlace nuevo ahora mismo.")
        .Visitor("¡Ya funciona! Muchas gracias.")
        .Operator("Lucía", "De nada, ¡que tenga un buen día!");
}
