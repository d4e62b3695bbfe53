using Microsoft.Extensions.Options;

namespace LiveChat.Channels.DirectLine;

/// <summary>Channels:DirectLine. The channel is enabled when <see cref="Secret"/> is set; otherwise every route answers 404.</summary>
public sealed record DirectLineOptions
{
    public const string SectionName = "Channels:DirectLine";

    /// <summary>The Direct Line secret: the key of token generation (Bearer) and of the tokens' HMAC signature.</summary>
    public string? Secret { get; init; }

    public int TokenLifetimeMinutes { get; init; } = 30;

    /// <summary>How long a streamUrl's <c>t=</c> stays usable (clients must connect within it or reconnect).</summary>
    public int StreamTokenLifetimeSeconds { get; init; } = 60;

    /// <summary>A header a trusted proxy sets to the visitor's ISO country code (e.g. CF-IPCountry); unset = country unknown.</summary>
    public string? CountryHeader { get; init; }

    /// <summary>Browser origins allowed to call the Direct Line routes and the widget token endpoint; empty = any origin.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Public base address for streamUrls (e.g. https://chat.example.com); unset = the request's own scheme and host.</summary>
    public string? PublicBaseUrl { get; init; }

    /// <summary>Largest upload (all files together); bigger ones are refused with 413.</summary>
    public int MaxUploadBytes { get; init; } = 512 * 1024;

    /// <summary>Seconds between "" keep-alive frames on an idle WebSocket stream.</summary>
    public int KeepAliveSeconds { get; init; } = 15;

    /// <summary>Conversation tokens the public widget endpoint issues per client IP and minute.</summary>
    public int WidgetTokensPerMinute { get; init; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(Secret);

    internal IEnumerable<string> Problems()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (Secret!.Length < 32)
        {
            yield return $"{SectionName}:Secret must be at least 32 characters (it signs the conversation tokens)";
        }

        if (TokenLifetimeMinutes is < 1 or > 24 * 60)
        {
            yield return $"{SectionName}:TokenLifetimeMinutes must be between 1 and 1440";
        }

        if (StreamTokenLifetimeSeconds is < 10 or > 3600)
        {
            yield return $"{SectionName}:StreamTokenLifetimeSeconds must be between 10 and 3600";
        }

        if (KeepAliveSeconds is < 1 or > 300)
        {
            yield return $"{SectionName}:KeepAliveSeconds must be between 1 and 300";
        }

        if (MaxUploadBytes < 1)
        {
            yield return $"{SectionName}:MaxUploadBytes must be positive";
        }

        if (WidgetTokensPerMinute < 1)
        {
            yield return $"{SectionName}:WidgetTokensPerMinute must be at least 1";
        }

        if (PublicBaseUrl is { Length: > 0 } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            yield return $"{SectionName}:PublicBaseUrl must be an absolute http(s) URL";
        }

        foreach (var origin in AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var parsed) || parsed.AbsolutePath != "/")
            {
                yield return $"{SectionName}:AllowedOrigins entries must be origins such as https://www.example.com (got '{origin}')";
            }
        }
    }
}

internal sealed class DirectLineOptionsValidator : IValidateOptions<DirectLineOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectLineOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
