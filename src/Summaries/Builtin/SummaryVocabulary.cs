namespace LiveChat.Summaries.Builtin;

/// <summary>The words the built-in summary adds around the quoted transcript, per language.</summary>
internal sealed record SummaryVocabulary(
    string Language,
    string Question,
    string KeyPoints,
    string Resolution,
    string Visitor,
    string Operator,
    string NotStated,
    string NoAnswer,
    string Empty,
    string OnlyGreetings)
{
    private static readonly SummaryVocabulary s_english = new(
        "en", "Question", "Key points", "Resolution", "Visitor", "Operator", "not stated",
        "no answer from an operator or bot yet.",
        "Empty conversation: no messages to summarise.",
        "Only greetings were exchanged; no question was asked.");

    private static readonly Dictionary<string, SummaryVocabulary> s_byLanguage = new(StringComparer.Ordinal)
    {
        ["en"] = s_english,
        ["de"] = new("de", "Frage", "Wichtige Punkte", "Lösung", "Besucher", "Mitarbeiter", "nicht angegeben",
            "noch keine Antwort von einem Mitarbeiter oder Bot.",
            "Leere Unterhaltung: keine Nachrichten zum Zusammenfassen.",
            "Es wurden nur Grüße ausgetauscht; keine Frage gestellt."),
        ["fr"] = new("fr", "Question", "Points clés", "Résolution", "Visiteur", "Opérateur", "non précisée",
            "pas encore de réponse d'un opérateur ou d'un bot.",
            "Conversation vide : aucun message à résumer.",
            "Seules des salutations ont été échangées ; aucune question posée."),
        ["es"] = new("es", "Pregunta", "Puntos clave", "Resolución", "Visitante", "Operador", "no indicada",
            "todavía no hay respuesta de un operador o bot.",
            "Conversación vacía: no hay mensajes que resumir.",
            "Solo se intercambiaron saludos; no se hizo ninguna pregunta."),
        ["it"] = new("it", "Domanda", "Punti chiave", "Soluzione", "Visitatore", "Operatore", "non indicata",
            "ancora nessuna risposta da un operatore o bot.",
            "Conversazione vuota: nessun messaggio da riassumere.",
            "Solo saluti scambiati; nessuna domanda posta."),
        ["pt"] = new("pt", "Pergunta", "Pontos-chave", "Resolução", "Visitante", "Operador", "não indicada",
            "ainda sem resposta de um operador ou bot.",
            "Conversa vazia: nenhuma mensagem para resumir.",
            "Apenas cumprimentos foram trocados; nenhuma pergunta foi feita."),
        ["nl"] = new("nl", "Vraag", "Belangrijkste punten", "Oplossing", "Bezoeker", "Medewerker", "niet vermeld",
            "nog geen antwoord van een medewerker of bot.",
            "Leeg gesprek: geen berichten om samen te vatten.",
            "Er zijn alleen groeten uitgewisseld; er is geen vraag gesteld."),
    };

    /// <summary>The vocabulary for a normalised language code; English when the built-in has no words for it.</summary>
    public static SummaryVocabulary For(string language) =>
        s_byLanguage.TryGetValue(language, out var words) ? words : s_english;
}
