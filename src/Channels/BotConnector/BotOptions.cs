using Microsoft.Extensions.Options;

namespace LiveChat.Channels.BotConnector;

/// <summary>One bot, configured under Bots:{Name}.</summary>
public sealed record BotOptions
{
    /// <summary>The bot's messaging endpoint, e.g. http://localhost:3978/api/messages.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Shared secret: the gateway signs what it sends with it and the bot signs its Connector calls with it (HS256 JWT).</summary>
    public string? Secret { get; init; }

    /// <summary>
    /// The bot's app id (its <c>MicrosoftAppId</c>), for a stock Bot Framework bot: the gateway signs what it sends with its
    /// published RS256 keys (audience this id) and the bot gets its tokens from the gateway's OAuth endpoint with
    /// <see cref="AppPassword"/>.
    /// </summary>
    public string? AppId { get; init; }

    /// <summary>The bot's password (its <c>MicrosoftAppPassword</c>) for the gateway's OAuth client-credentials endpoint.</summary>
    public string? AppPassword { get; init; }

    /// <summary>The department whose new chats this bot answers first.</summary>
    public string? DepartmentId { get; init; }

    /// <summary>The channels (whatsapp, messenger, instagram, webchat...) whose new chats this bot answers first.</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>Local development only (as the Bot Framework Emulator): no token either way.</summary>
    public bool Anonymous { get; init; }

    /// <summary>Customer messages that take the chat straight to the human queue (whole message, case-insensitive), e.g. "agent".</summary>
    public IReadOnlyList<string> HumanKeywords { get; init; } = [];

    /// <summary>Whether a customer's text asks for a human by one of <see cref="HumanKeywords"/>.</summary>
    public bool AsksForHuman(string? text) =>
        text is not null && HumanKeywords.Any(k => string.Equals(k.Trim(), text.Trim().TrimEnd('!', '.', '?'), StringComparison.OrdinalIgnoreCase));
}

/// <summary>Every configured bot by name (each child of the Bots section).</summary>
public sealed class BotsOptions
{
    public const string Section = "Bots";

    public Dictionary<string, BotOptions> Bots { get; } = new(StringComparer.Ordinal);

    public BotOptions? Find(string name) => Bots.GetValueOrDefault(name);

    /// <summary>The name of the bot with this app id, or null.</summary>
    public string? FindByAppId(string? appId) =>
        appId is { Length: > 0 } ? Bots.Where(b => string.Equals(b.Value.AppId, appId, StringComparison.Ordinal)).Select(b => b.Key).FirstOrDefault() : null;

    /// <summary>
    /// The bot that answers a new chat first: one whose department (when set) and channels (when set) both match.
    /// Bots are tried in name order so that the choice does not depend on configuration order.
    /// </summary>
    public string? FrontingBot(string channel, string departmentId) =>
        Bots.Where(b => Fronts(b.Value, channel, departmentId)).Select(b => b.Key).Order(StringComparer.Ordinal).FirstOrDefault();

    private static bool Fronts(BotOptions bot, string channel, string departmentId) =>
        (bot.DepartmentId is not null || bot.Channels.Count > 0)
        && (bot.DepartmentId is null || string.Equals(bot.DepartmentId, departmentId, StringComparison.Ordinal))
        && (bot.Channels.Count == 0 || bot.Channels.Contains(channel, StringComparer.OrdinalIgnoreCase));
}

/// <summary>Start-up validation; every message names the setting to fix.</summary>
public sealed class BotsOptionsValidator : IValidateOptions<BotsOptions>
{
    public const int MinSecretLength = 32;

    public ValidateOptionsResult Validate(string? name, BotsOptions options)
    {
        var failures = new List<string>();
        foreach (var (bot, o) in options.Bots)
        {
            var key = $"{BotsOptions.Section}:{bot}";
            if (o.Endpoint is null || !o.Endpoint.IsAbsoluteUri || (o.Endpoint.Scheme != Uri.UriSchemeHttp && o.Endpoint.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{key}:Endpoint is required and must be an absolute http(s) URL (the bot's messaging endpoint).");
            }

            if (o.AppId is { Length: > 0 })
            {
                if (o.AppPassword is null || o.AppPassword.Length < MinSecretLength)
                {
                    failures.Add($"{key}:AppPassword is required with {key}:AppId (at least {MinSecretLength} characters).");
                }

                if (options.Bots.Count(b => string.Equals(b.Value.AppId, o.AppId, StringComparison.Ordinal)) > 1)
                {
                    failures.Add($"{key}:AppId is used by another bot too; app ids must be unique.");
                }
            }
            else if (!o.Anonymous && (o.Secret is null || o.Secret.Length < MinSecretLength))
            {
                failures.Add($"{key}:Secret (at least {MinSecretLength} characters) or {key}:AppId and {key}:AppPassword are required unless {key}:Anonymous is true.");
            }

            if (o.DepartmentId is null && o.Channels.Count == 0)
            {
                failures.Add($"{key} fronts no chats: set {key}:DepartmentId or {key}:Channels.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
