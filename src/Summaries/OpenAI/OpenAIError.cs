using System.Net;

namespace LiveChat.Summaries.OpenAI;

/// <summary>
/// Reads the <c>{"error": {"type", "code", ...}}</c> envelope tolerantly (vLLM sends a numeric code, some
/// servers a plain string). Only the type/code reach logs and fallback reasons, never the message, which can
/// echo part of the key.
/// </summary>
internal static class OpenAIError
{
    public const string InsufficientQuota = "insufficient_quota";

    /// <summary>The <c>IsPermanent</c> hook of the shared policy: a 429 for an exhausted quota will not clear by waiting.</summary>
    public static async ValueTask<bool> IsQuotaExhaustedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return false;
        }

        var (type, code) = Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return string.Equals(code, InsufficientQuota, StringComparison.Ordinal)
            || string.Equals(type, InsufficientQuota, StringComparison.Ordinal);
    }

    /// <summary>"openai: 429 insufficient_quota", "openai: 500 server_error", "openai: 404".</summary>
    public static string Describe(HttpStatusCode status, string body)
    {
        var (type, code) = Parse(body);
        var detail = code ?? type;
        return detail is null ? $"openai: {(int)status}" : $"openai: {(int)status} {detail}";
    }

    internal static (string? Type, string? Code) Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            return (Text(error, "type"), Text(error, "code"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? Text(JsonElement error, string name)
    {
        if (!error.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        // A short token is safe to log; anything else is not a code.
        return text is { Length: > 0 and <= 64 } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') ? text : null;
    }
}
