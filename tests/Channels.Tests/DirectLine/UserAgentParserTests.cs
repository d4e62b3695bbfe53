using LiveChat.Channels.DirectLine;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.Tests.DirectLine;

public sealed class UserAgentParserTests
{
    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", "Chrome 126", "Windows 10/11")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87", "Edge 126", "Windows 10/11")]
    [InlineData("Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0", "Firefox 115", "Windows 7")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Safari 17", "macOS 10.15")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari 17", "iOS 17.5")]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1", "Chrome 126", "iPadOS 16.6")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", "Samsung Internet 25", "Android 14")]
    [InlineData("Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36 OPR/82.0.0.0", "Opera 82", "Android 13")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36", "Chrome 126", "Linux")]
    [InlineData("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", "Chrome 126", "ChromeOS")]
    [InlineData("Mozilla/5.0 (Windows NT 6.3; Trident/7.0; rv:11.0) like Gecko", "Internet Explorer 11", "Windows 8.1")]
    public void RecognisesMajorBrowsersAndSystems(string userAgent, string browser, string os) =>
        Assert.Equal((browser, os), UserAgentParser.Parse(userAgent));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("curl/8.5.0")]
    public void UnknownAgentsAreNotGuessed(string? userAgent) => Assert.Equal((null, null), UserAgentParser.Parse(userAgent));
}

public sealed class DirectLineTokensTests
{
    private static DirectLineTokens Tokens(TimeProvider time, string secret = "a-direct-line-secret-of-32-chars!!") =>
        new(Options.Create(new DirectLineOptions { Secret = secret, TokenLifetimeMinutes = 30 }), time);

    [Fact]
    public async Task TokenCarriesItsConversationAndExpiresAfterItsLifetime()
    {
        var time = new ManualTimeProvider(DateTimeOffset.Parse("2026-05-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var token = Tokens(time).Issue("conv-1", "dl_user");

        var valid = Assert.IsType<TokenCheck.Valid>(await Tokens(time).CheckAsync(token));
        Assert.Equal(("conv-1", "dl_user"), (valid.Claims.ConversationId, valid.Claims.UserId));
        time.Advance(TimeSpan.FromMinutes(30));
        Assert.IsType<TokenCheck.Expired>(await Tokens(time).CheckAsync(token));
    }

    [Fact]
    public async Task TokenSignedWithAnotherSecretOrOfAnotherKindIsInvalid()
    {
        var time = new ManualTimeProvider();
        var token = Tokens(time, "another-secret-another-secret-000").Issue("conv-1", "dl_user");
        var stream = Tokens(time).Issue("conv-1", "dl_user", DirectLineTokens.StreamKind);

        Assert.IsType<TokenCheck.Invalid>(await Tokens(time).CheckAsync(token));
        Assert.IsType<TokenCheck.Invalid>(await Tokens(time).CheckAsync(stream));
        Assert.IsType<TokenCheck.Valid>(await Tokens(time).CheckAsync(stream, DirectLineTokens.StreamKind));
        Assert.IsType<TokenCheck.Invalid>(await Tokens(time).CheckAsync("not.a.token"));
    }
}
