using LiveChat.Summaries.Builtin;

namespace LiveChat.Summaries.Tests.Builtin;

public sealed class ExtractionRulesTests
{
    [Theory]
    [InlineData("Hi Anna, my order 12345 hasn't arrived. Thanks!", "my order 12345 hasn't arrived.")]
    [InlineData("Hello, I'd like a refund, thanks", "I'd like a refund")]
    [InlineData("Thank you so much, have a nice day!", "")]
    [InlineData("Good morning Mr Smith", "")]
    [InlineData("Is there anything else I can help you with?", "")]
    [InlineData("Vielen Dank und tschüss!", "")]
    [InlineData("Guten Morgen, mein Passwort funktioniert nicht.", "mein Passwort funktioniert nicht.")]
    [InlineData("Merci beaucoup, bonne journée !", "")]
    [InlineData("Bonsoir, ma commande est arrivée cassée.", "ma commande est arrivée cassée.")]
    [InlineData("¡Hola! ¿En qué le puedo ayudar?", "")]
    [InlineData("Muchas gracias, hasta luego", "")]
    [InlineData("Order no. 12345, size M.", "Order no. 12345, size M.")]
    [InlineData("👍", "")]
    public void PleasantriesAreStrippedAndTheRestKeptAsWritten(string text, string expected)
    {
        Assert.Equal(expected, Pleasantries.Strip(text));
    }

    [Theory]
    [InlineData("Where is order 48213?", (int)(Facts.Reference | Facts.Topic))]
    [InlineData("Reference INV-2024-77 please", (int)(Facts.Reference))]
    [InlineData("Write to jane.doe@example.com", (int)(Facts.Email))]
    [InlineData("I paid 49,90 € for it", (int)(Facts.Amount))]
    [InlineData("It cost $120", (int)(Facts.Amount))]
    [InlineData("Delivered on 03.05.2026", (int)(Facts.Date | Facts.Reference))]
    [InlineData("Il arrive le 14 mars", (int)(Facts.Date))]
    [InlineData("It should come on Friday", (int)(Facts.Date))]
    [InlineData("See https://example.com/track", (int)(Facts.Link))]
    [InlineData("Das Display ist kaputt", (int)(Facts.Problem))]
    [InlineData("La factura no llegó", (int)(Facts.Topic | Facts.Problem))]
    [InlineData("May I ask something", (int)(Facts.None))]
    public void FactsAreDetected(string text, int expected)
    {
        Assert.Equal((Facts)expected, FactScoring.Detect(text, Lexicon.Tokens(text)));
    }

    [Fact]
    public void IdentifiersOutweighTopics()
    {
        Assert.True(FactScoring.Score(Facts.Reference) > FactScoring.Score(Facts.Topic));
        Assert.True(FactScoring.Score(Facts.Topic) < FactScoring.KeyPointThreshold);
        Assert.True(FactScoring.Score(Facts.FollowUpQuestion) >= FactScoring.KeyPointThreshold);
    }
}
