using Microsoft.Extensions.Options;

namespace LiveChat.Channels.Meta;

/// <summary>
/// Settings every Meta channel shares. A channel is enabled as soon as its section sets the app secret,
/// the verify token or the access token; an enabled channel must then be complete (checked on start).
/// </summary>
public abstract record MetaChannelOptions
{
    public const string DefaultGraphBaseUrl = "https://graph.facebook.com";
    public const string DefaultApiVersion = "v23.0";

    public string? AppSecret { get; init; }
    public string? VerifyToken { get; init; }
    public string GraphBaseUrl { get; init; } = DefaultGraphBaseUrl;
    public string ApiVersion { get; init; } = DefaultApiVersion;

    /// <summary>Sends per second per sender id (phone number, page, account); unset = the channel's default.</summary>
    public int? MessagesPerSecond { get; init; }

    public bool Enabled =>
        !string.IsNullOrWhiteSpace(AppSecret) || !string.IsNullOrWhiteSpace(VerifyToken) || !string.IsNullOrWhiteSpace(Token);

    internal abstract string Section { get; }
    internal abstract string DisplayName { get; }
    internal abstract string TokenKey { get; }
    internal abstract string? Token { get; }
    internal abstract string SenderIdKey { get; }
    internal abstract string? SenderId { get; }
    internal abstract int DefaultMessagesPerSecond { get; }

    internal int EffectiveMessagesPerSecond => MessagesPerSecond ?? DefaultMessagesPerSecond;

    /// <summary>What is wrong with these settings, each message naming the setting.</summary>
    internal IEnumerable<string> Problems()
    {
        if (!Enabled)
        {
            yield break;
        }

        foreach (var (key, value) in new[] { ("AppSecret", AppSecret), ("VerifyToken", VerifyToken), (TokenKey, Token), (SenderIdKey, SenderId) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return $"{Section}:{key} is required when the {DisplayName} channel is enabled";
            }
        }

        if (!Uri.TryCreate(GraphBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            yield return $"{Section}:GraphBaseUrl must be an absolute http(s) URL";
        }

        if (string.IsNullOrWhiteSpace(ApiVersion) || ApiVersion.Contains('/', StringComparison.Ordinal))
        {
            yield return $"{Section}:ApiVersion must be a Graph API version such as {DefaultApiVersion}";
        }

        if (MessagesPerSecond is < 1)
        {
            yield return $"{Section}:MessagesPerSecond must be at least 1";
        }
    }
}

/// <summary>Messenger and Instagram: Page-style messaging with the 24-hour window and the HUMAN_AGENT tag.</summary>
public abstract record PageMessagingOptions : MetaChannelOptions
{
    /// <summary>Lets human agents reply up to 7 days after the customer's last message (needs Meta's Human Agent permission).</summary>
    public bool UseHumanAgentTag { get; init; }
}

/// <summary>The sections whose sender AddMetaChannels registered (decided from configuration at that moment).</summary>
internal sealed record MetaSenderRegistrations(IReadOnlySet<string> Sections);

internal sealed class MetaOptionsValidator<TOptions>(MetaSenderRegistrations registrations) : IValidateOptions<TOptions>
    where TOptions : MetaChannelOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = options.Problems().ToList();
        if (options.Enabled && !registrations.Sections.Contains(options.Section))
        {
            // Configuration added after AddMetaChannels ran would otherwise leave an enabled channel without a sender.
            problems.Add($"{options.Section} is configured, but it was not when AddMetaChannels ran; add the configuration before calling AddMetaChannels");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
