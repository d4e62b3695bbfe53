namespace LiveChat.Summaries.Tests;

public sealed class SummaryLanguageTests
{
    [Theory]
    [InlineData("en", "en")]
    [InlineData("de-DE", "de")]
    [InlineData("DE", "de")]
    [InlineData("fr_CA", "fr")]
    [InlineData("es-419", "es")]
    [InlineData("pt-BR", "pt")]
    [InlineData("zh-Hant-TW", "zh")]
    [InlineData(" it ", "it")]
    [InlineData("", "en")]
    [InlineData(null, "en")]
    [InlineData("xx", "en")]
    [InlineData("english", "en")]
    [InlineData("12", "en")]
    [InlineData("-", "en")]
    public void NormalisesToTheTwoLetterPrimaryTag(string? code, string expected)
    {
        Assert.Equal(expected, SummaryLanguage.Normalize(code));
    }

    [Theory]
    [InlineData("de", "German")]
    [InlineData("fr", "French")]
    [InlineData("es", "Spanish")]
    public void NamesTheLanguageInEnglish(string code, string expected)
    {
        Assert.Equal(expected, SummaryLanguage.EnglishName(code));
    }
}
