using LiveChat.Resilience;
using Polly.Timeout;

namespace LiveChat.Tickets.Http;

/// <summary>
/// One HTTP exchange with a helpdesk and the shared reading of its failures:
/// 429/408/503 → Retry (not ambiguous: refused before doing anything); other 5xx → Retry, ambiguous (the
/// server had the request and may have acted on part of it); timeout or connection lost after the request
/// could have been sent → Retry, ambiguous; DNS/connect/TLS failures → Retry, not ambiguous (nothing was
/// sent); any other 4xx → Rejected with the helpdesk's own error text.
/// </summary>
internal static class TicketHttp
{
    private const int MaxReasonLength = 1000;

    /// <summary>Sends <paramref name="request"/>; the response body is buffered. A failed exchange comes back as an outcome.</summary>
    public static async Task<Exchange> SendAsync(HttpClient client, HttpRequestMessage request, string provider, CancellationToken cancellationToken)
    {
        try
        {
            return new Exchange(await client.SendAsync(request, cancellationToken), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or TaskCanceledException)
        {
            return new Exchange(null, new TicketOutcome.Retry($"{provider} did not answer within the attempt timeout.", null, Ambiguous: true));
        }
        catch (HttpRequestException ex)
        {
            var neverSent = ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;
            return new Exchange(null, new TicketOutcome.Retry(
                $"{provider} could not be reached ({ex.HttpRequestError}): {ex.Message}", null, Ambiguous: !neverSent));
        }
    }

    /// <summary>Reads a non-2xx answer. <paramref name="describe"/> turns the helpdesk's JSON error into text (null: not recognised).</summary>
    public static async Task<TicketOutcome> FailureAsync(
        HttpResponseMessage response,
        string provider,
        Func<JsonElement, string?> describe,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var detail = Describe(await response.Content.ReadAsStringAsync(cancellationToken), describe);
        var reason = Cap($"{provider} answered {(int)status} {status}{(detail.Length > 0 ? ": " + detail : ".")}");
        if (HttpResilience.IsTransient(status))
        {
            var ambiguous = (int)status >= 500 && status != HttpStatusCode.ServiceUnavailable;
            return new TicketOutcome.Retry(reason, HttpResilience.RetryAfter(response, time), ambiguous, Throttled: status == HttpStatusCode.TooManyRequests);
        }

        return new TicketOutcome.Rejected(reason);
    }

    public static async Task<T?> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body.Length == 0 ? default : JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>A JSON id that may be a string or a number.</summary>
    public static string? Id(JsonElement id) => id.ValueKind switch
    {
        JsonValueKind.String => id.GetString(),
        JsonValueKind.Number => id.GetRawText(),
        _ => null,
    };

    /// <summary>A configured base URL (with or without a path or trailing slash) plus an absolute path.</summary>
    public static Uri Url(string baseUrl, string pathAndQuery) => new(baseUrl.TrimEnd('/') + pathAndQuery);

    public static string Cap(string text) =>
        text.Length <= MaxReasonLength ? text : text[..(MaxReasonLength - 1)] + "…";

    private static string Describe(string body, Func<JsonElement, string?> describe)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var text = describe(document.RootElement);
            if (!string.IsNullOrWhiteSpace(text))
            {
                return text.Trim();
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page from a proxy, say): quote the start of it.
        }

        return TicketContent.OneLine(body.Length <= 300 ? body : body[..300] + "…");
    }
}

/// <summary>Either a response (any status) or the outcome that replaces it.</summary>
internal readonly record struct Exchange(HttpResponseMessage? Response, TicketOutcome? Failure);

internal static class JsonText
{
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            }
            : null;

    public static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : [];

    public static string Join(params string?[] parts) =>
        string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
}
