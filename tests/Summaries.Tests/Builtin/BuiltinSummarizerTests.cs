namespace LiveChat.Summaries.Tests.Builtin;

public sealed class BuiltinSummarizerTests
{
    private readonly BuiltinSummarizer _summarizer = new(new FixedTime());

    [Fact]
    public async Task EnglishSummaryQuotesQuestionKeyFactsAndResolutionWithoutPleasantries()
    {
        var summary = await _summarizer.SummarizeAsync(Transcript.English().Request("en-US"), CancellationToken.None);

        Assert.Equal(
            """
            Question: my order #48213 hasn't arrived yet and the tracking page shows an error.
            Key points:
            - Anna: Let me check order 48213 for you.
            - Visitor: It was supposed to arrive on 12 March.
            - Anna: I see the parcel was returned to our warehouse because the address was incomplete.
            - Visitor: Can you send it again to 14 Elm Street? My email is jane.doe@example.com
            Resolution:
            - Anna: I've reshipped it today with express delivery at no cost, and refunded the €4.99 shipping fee.
            - Anna: You'll get a new tracking number at jane.doe@example.com within the hour.
            """.ReplaceLineEndings("\n"),
            summary.Text);
        Assert.Equal("Builtin", summary.Provider);
        Assert.Equal("en", summary.Language);
        Assert.Equal(FixedTime.Now, summary.GeneratedAt);
        Assert.Null(summary.Usage);
        Assert.Null(summary.FallbackReason);
    }

    [Fact]
    public async Task GermanSummaryHasGermanHeadingsAndKeepsTheTranscriptAsWritten()
    {
        var summary = await _summarizer.SummarizeAsync(Transcript.German().Request("de-DE"), CancellationToken.None);

        Assert.Equal("de", summary.Language);
        Assert.StartsWith("Frage: meine Bestellung 77812 ist beschädigt angekommen, der Bildschirm ist kaputt.\n", summary.Text, StringComparison.Ordinal);
        Assert.Contains("\nWichtige Punkte:\n", summary.Text, StringComparison.Ordinal);
        Assert.Contains("- Besucher: hier ist das Foto. Ich habe 349,00 € bezahlt, am 03.05.2024.", summary.Text, StringComparison.Ordinal);
        Assert.Contains("- Markus: Können Sie mir ein Foto an service@example.de schicken?", summary.Text, StringComparison.Ordinal);
        Assert.EndsWith("\nLösung:\n- Markus: Ich habe einen Ersatz veranlasst, er wird morgen versendet.", summary.Text, StringComparison.Ordinal);
        AssertNone(summary.Text, "Hallo", "Guten Tag", "Geduld", "tut mir leid", "Tschüss", "Gern geschehen", "Question", "Visitor");
    }

    [Fact]
    public async Task FrenchSummaryHasFrenchHeadingsAndTheDoubleChargeAndRefund()
    {
        var summary = await _summarizer.SummarizeAsync(Transcript.French().Request("fr-FR"), CancellationToken.None);

        Assert.Equal("fr", summary.Language);
        Assert.StartsWith("Question: j'ai été débité deux fois pour la commande FR-20931 (59,90 €).\n", summary.Text, StringComparison.Ordinal);
        Assert.Contains("\nPoints clés:\n- Visiteur: Le deuxième paiement date du 14/06. Est-ce que je serai remboursé ?", summary.Text, StringComparison.Ordinal);
        Assert.EndsWith("\nRésolution:\n- Claire: j'ai remboursé le paiement en double, vous le verrez sous 3 à 5 jours.", summary.Text, StringComparison.Ordinal);
        AssertNone(summary.Text, "Bonjour", "merci", "bonne journée", "au revoir", "Avec plaisir");
    }

    [Fact]
    public async Task SpanishSummaryHasSpanishHeadingsAndPrefersTheOperatorsResolutionOverTheBots()
    {
        var summary = await _summarizer.SummarizeAsync(Transcript.Spanish().Request("es-419"), CancellationToken.None);

        Assert.Equal("es", summary.Language);
        Assert.StartsWith("Pregunta: No puedo iniciar sesión en mi cuenta, me sale el error 403.\n", summary.Text, StringComparison.Ordinal);
        Assert.Contains("\nPuntos clave:\n- Visitante: es carlos.ruiz@example.es", summary.Text, StringComparison.Ordinal);
        Assert.EndsWith("\nResolución:\n- Lucía: He restablecido su contraseña y le enviaré un enlace nuevo ahora mismo.", summary.Text, StringComparison.Ordinal);
        AssertNone(summary.Text, "Hola", "buenas tardes", "gracias", "De nada", "buen día", "voy a pasarte");
    }

    [Fact]
    public async Task SameTranscriptGivesTheSameSummary()
    {
        var first = await _summarizer.SummarizeAsync(Transcript.English().Request("en"), CancellationToken.None);
        var second = await new BuiltinSummarizer(new FixedTime()).SummarizeAsync(Transcript.English().Request("en"), CancellationToken.None);

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("en", "Empty conversation: no messages to summarise.")]
    [InlineData("de", "Leere Unterhaltung: keine Nachrichten zum Zusammenfassen.")]
    [InlineData("fr", "Conversation vide : aucun message à résumer.")]
    [InlineData("es", "Conversación vacía: no hay mensajes que resumir.")]
    public async Task EmptyTranscriptGivesOneClearLine(string language, string expected)
    {
        var summary = await _summarizer.SummarizeAsync(new Transcript().Request(language), CancellationToken.None);

        Assert.Equal(expected, summary.Text);
        Assert.Equal(language, summary.Language);
    }

    [Fact]
    public async Task GreetingsOnlyTranscriptSaysNoQuestionWasAsked()
    {
        var transcript = new Transcript().Visitor("Hi!").Operator("Anna", "Hello, how can I help you?").Visitor("Thanks, bye 👋");

        var summary = await _summarizer.SummarizeAsync(transcript.Request("en"), CancellationToken.None);

        Assert.Equal("Only greetings were exchanged; no question was asked.", summary.Text);
    }

    [Fact]
    public async Task UnansweredChatSaysThereIsNoAnswerYet()
    {
        var transcript = new Transcript().Visitor("Hallo").Visitor("Wo bleibt mein Paket 99120?").System("Chat missed.");

        var summary = await _summarizer.SummarizeAsync(transcript.Request("de"), CancellationToken.None);

        Assert.Equal("Frage: Wo bleibt mein Paket 99120?\nLösung: noch keine Antwort von einem Mitarbeiter oder Bot.", summary.Text);
    }

    [Fact]
    public async Task GatewaysQuestionIsUsedAndNotRepeatedAsKeyPoint()
    {
        var transcript = new Transcript()
            .Visitor("My invoice INV-2041 shows the wrong VAT number.")
            .Operator("Sam", "I've corrected it and sent you a new invoice.");

        var summary = await _summarizer.SummarizeAsync(
            transcript.Request("en", question: "Hello! My invoice INV-2041 shows the wrong VAT number."), CancellationToken.None);

        Assert.Equal(
            "Question: My invoice INV-2041 shows the wrong VAT number.\nResolution:\n- Sam: I've corrected it and sent you a new invoice.",
            summary.Text);
    }

    [Fact]
    public async Task UnsupportedLanguageGetsEnglishHeadingsAndSaysSo()
    {
        var summary = await _summarizer.SummarizeAsync(Transcript.English().Request("ja-JP"), CancellationToken.None);

        Assert.Equal("en", summary.Language);
        Assert.StartsWith("Question: ", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LongTranscriptStaysWithinTheLineAndCharacterCaps()
    {
        var transcript = new Transcript().Visitor("Order 10000 is missing. " + new string('x', 5000));
        for (var i = 1; i <= 200; i++)
        {
            transcript.Visitor($"Order {10000 + i} from 12.03.2026 for €{i},00 is missing, write to me{i}@example.com? " + string.Join(' ', Enumerable.Repeat("details", 100)));
            transcript.Operator(new string('N', 300), $"I will refund order {10000 + i} today. " + string.Join(' ', Enumerable.Repeat("because", 100)));
        }

        var summary = await _summarizer.SummarizeAsync(transcript.Request("en"), CancellationToken.None);

        var lines = summary.Text.Split('\n');
        Assert.True(summary.Text.Length <= 2000, $"{summary.Text.Length} characters");
        Assert.Equal(5, lines.Count(l => l.StartsWith("- Visitor:", StringComparison.Ordinal)));
        Assert.Equal(2, lines.Count(l => l.StartsWith("- NNNN", StringComparison.Ordinal)));
        Assert.All(lines, l => Assert.True(l.Length <= 240, l));
        Assert.Contains("I will refund order 10200 today.", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemLinesAreLeftOut()
    {
        var transcript = new Transcript()
            .System("Chat transferred to Billing (order 12345).")
            .Visitor("I was charged twice for order 55501.")
            .Operator("Kim", "Refund issued for the second charge.");

        var summary = await _summarizer.SummarizeAsync(transcript.Request("en"), CancellationToken.None);

        Assert.DoesNotContain("transferred", summary.Text, StringComparison.Ordinal);
        Assert.Equal("Question: I was charged twice for order 55501.\nResolution:\n- Kim: Refund issued for the second charge.", summary.Text);
    }

    [Fact]
    public async Task CancelledCallThrows()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _summarizer.SummarizeAsync(Transcript.English().Request("en"), cts.Token));
    }

    private static void AssertNone(string text, params string[] unwanted)
    {
        foreach (var word in unwanted)
        {
            Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
