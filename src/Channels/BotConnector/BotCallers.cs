namespace LiveChat.Channels.BotConnector;

/// <summary>The Connector API's authentication and permission decisions, as pure functions.</summary>
public static class BotCallers
{
    /// <summary>
    /// The caller of a Connector request: a bot by its HS256 token (issuer its name, signed with its secret) or by an
    /// RS256 access token from the gateway's OAuth endpoint (<c>appid</c> its app id); no header is anonymous.
    /// </summary>
    public static async Task<BotCaller> IdentifyAsync(
        string? authorization, BotsOptions options, IBotSigningKeys keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return options.Bots.Values.Any(b => b.Anonymous)
                ? new BotCaller.Anonymous()
                : new BotCaller.Refused("A bearer token is required: from the gateway's OAuth endpoint, or signed with the bot's secret.");
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return new BotCaller.Refused("The Authorization header must be 'Bearer <token>'.");
        }

        var token = authorization["Bearer ".Length..].Trim();
        var refused = new BotCaller.Refused("The bearer token is invalid, expired or not issued to a configured bot.");
        switch (BotTokens.Peek(token))
        {
            case ("RS256", BotTokens.Gateway):
                var claims = await BotTokens.ValidateSignedAsync(token, await keys.PublishedAsync(cancellationToken), BotTokens.Gateway, BotTokens.Gateway, now);
                return claims is not null && claims.TryGetValue(BotTokens.AppIdClaim, out var appId) && options.FindByAppId(appId as string) is { } byAppId
                    ? new BotCaller.Bot(byAppId)
                    : refused;
            case ("HS256", { } name) when options.Find(name) is { Secret: { } secret }:
                return await BotTokens.IsValidAsync(token, secret, name, BotTokens.Gateway, now) ? new BotCaller.Bot(name) : refused;
            default:
                return refused;
        }
    }

    /// <summary>The bot allowed to act on a conversation fronted by <paramref name="fronting"/>, or null.</summary>
    public static string? Admit(BotCaller caller, string? fronting, BotsOptions options) => caller switch
    {
        BotCaller.Bot bot when bot.Name == fronting => bot.Name,
        BotCaller.Anonymous when fronting is not null && options.Find(fronting) is { Anonymous: true } => fronting,
        _ => null,
    };
}

/// <summary>Who is calling the Connector API, from the Authorization header alone.</summary>
public abstract record BotCaller
{
    private BotCaller()
    {
    }

    public sealed record Bot(string Name) : BotCaller;

    /// <summary>No Authorization header; allowed only for a bot configured with Anonymous = true.</summary>
    public sealed record Anonymous : BotCaller;

    public sealed record Refused(string Reason) : BotCaller;
}
