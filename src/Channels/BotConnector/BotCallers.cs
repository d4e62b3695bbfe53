namespace LiveChat.Channels.BotConnector;

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

/// <summary>The Connector API's authentication and permission decisions, as pure functions.</summary>
public static class BotCallers
{
    public static BotCaller Identify(string? authorization, BotsOptions options, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return options.Bots.Values.Any(b => b.Anonymous)
                ? new BotCaller.Anonymous()
                : new BotCaller.Refused("A bearer token signed with the bot's secret is required.");
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return new BotCaller.Refused("The Authorization header must be 'Bearer <token>'.");
        }

        var token = authorization["Bearer ".Length..].Trim();
        var name = BotTokens.PeekIssuer(token);
        return name is not null && options.Find(name) is { Secret: { } secret }
            && BotTokens.IsValid(token, secret, name, BotTokens.Gateway, now)
            ? new BotCaller.Bot(name)
            : new BotCaller.Refused("The bearer token is invalid, expired or not signed by a configured bot.");
    }

    /// <summary>The bot allowed to act on a conversation fronted by <paramref name="fronting"/>, or null.</summary>
    public static string? Admit(BotCaller caller, string? fronting, BotsOptions options) => caller switch
    {
        BotCaller.Bot bot when bot.Name == fronting => bot.Name,
        BotCaller.Anonymous when fronting is not null && options.Find(fronting) is { Anonymous: true } => fronting,
        _ => null,
    };
}
