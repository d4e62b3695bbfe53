using System.Net.Http.Headers;
using LiveChat.Resilience;
using Polly.Timeout;
using Refit;

namespace LiveChat.Tickets.Http;

/// <summary>
/// One exchange with a helpdesk and the shared reading of its failures:
/// 429/408/503 → Retry (not ambiguous: refused before doing anything); other 5xx → Retry, ambiguous (the
/// server had the request and may have acted on part of it); timeout or connection lost after the request
/// could have been sent → Retry, ambiguous; DNS/connect/TLS failures → Retry, not ambiguous (nothing was
/// sent); any other 4xx → Rejected with the helpdesk's own error text.
/// </summary>
internal static class TicketHttp
{
    private const int MaxReasonLength = 1000;

    /// <summary>
    /// Makes one Refit call. A call that never got an answer comes back as the outcome that replaces it; any answer,
    /// whatever its status, comes back as the response (dispose it).
    /// </summary>
    public static async Task<Exchange<TResponse>> CallAsync<TResponse>(Func<Task<TResponse>> call, string provider, CancellationToken cancellationToken)
        where TResponse : class, IApiResponse
    {
        try
        {
            var response = await call();
            if (response.HasRequestError(out var error))
            {
                response.Dispose();
                return new Exchange<TResponse>(null, Unanswered(error!.InnerException ?? error, provider));
            }

            return new Exchange<TResponse>(response, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ApiRequestException ex)
        {
            return new Exchange<TResponse>(null, Unanswered(ex.InnerException ?? ex, provider));
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or TaskCanceledException or HttpRequestException)
        {
            return new Exchange<TResponse>(null, Unanswered(ex, provider));
        }
    }

    /// <summary>Sends a hand-built request (the signed webhook); the response body is buffered.</summary>
    public static async Task<(HttpResponseMessage? Response, TicketOutcome? Failure)> SendAsync(
        HttpClient client, HttpRequestMessage request, string provider, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.SendAsync(request, cancellationToken), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or TaskCanceledException or HttpRequestException)
        {
            return (null, Unanswered(ex, provider));
        }
    }

    /// <summary>Reads a non-2xx answer. <paramref name="describe"/> turns the helpdesk's JSON error into text (null: not recognised).</summary>
    public static TicketOutcome Failure(IApiResponse response, string provider, Func<JsonElement, string?> describe, TimeProvider time) =>
        Failure(response.StatusCode.GetValueOrDefault(), (response.Error as ApiException)?.Content, response.Headers, provider, describe, time);

    /// <inheritdoc cref="Failure(IApiResponse, string, Func{JsonElement, string?}, TimeProvider)"/>
    public static async Task<TicketOutcome> FailureAsync(
        HttpResponseMessage response, string provider, Func<JsonElement, string?> describe, TimeProvider time, CancellationToken cancellationToken) =>
        Failure(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), response.Headers, provider, describe, time);

    /// <summary>A 2xx whose body carries no ticket id: the ticket may exist, so the next attempt looks first.</summary>
    public static TicketOutcome NoId(IApiResponse response, string provider) =>
        new TicketOutcome.Retry($"{provider} answered {(int?)response.StatusCode} without a ticket id.", null, Ambiguous: true);

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

    private static TicketOutcome Failure(
        HttpStatusCode status, string? body, HttpResponseHeaders? headers, string provider, Func<JsonElement, string?> describe, TimeProvider time)
    {
        var detail = Describe(body, describe);
        var reason = Cap($"{provider} answered {(int)status} {status}{(detail.Length > 0 ? ": " + detail : ".")}");
        if (HttpResilience.IsTransient(status))
        {
            var ambiguous = (int)status >= 500 && status != HttpStatusCode.ServiceUnavailable;
            return new TicketOutcome.Retry(reason, HttpResilience.RetryAfter(headers, time), ambiguous, Throttled: status == HttpStatusCode.TooManyRequests);
        }

        return new TicketOutcome.Rejected(reason);
    }

    private static TicketOutcome Unanswered(Exception ex, string provider)
    {
        if (ex is HttpRequestException http)
        {
            var neverSent = http.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;
            return new TicketOutcome.Retry($"{provider} could not be reached ({http.HttpRequestError}): {http.Message}", null, Ambiguous: !neverSent);
        }

        // A per-attempt timeout: the request may have arrived and been acted on.
        return new TicketOutcome.Retry($"{provider} did not answer within the attempt timeout.", null, Ambiguous: true);
    }

    private static string Describe(string? body, Func<JsonElement, string?> describe)
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
internal readonly record struct Exchange<TResponse>(TResponse? Response, TicketOutcome? Failure)
    where TResponse : class, IApiResponse;

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
