using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using LiveChat.Channels.Outbox;
using LiveChat.Resilience;
using Polly;

namespace LiveChat.Channels.Meta;

/// <summary>Posts one message to a Graph Send API and turns the final answer into a <see cref="SendOutcome"/>.</summary>
internal static class GraphSend
{
    public const string WindowClosedCode = "131047";

    // Graph codes that mean "slow down" even when they come with a 4xx.
    private static readonly HashSet<int> s_throttlingCodes = [4, 17, 32, 613, 80007, 130429, 131056];

    /// <summary>
    /// The shared policy for Graph calls: media downloads (GET) are retried here; a send (a POST with no idempotency key) is
    /// not, since a second copy would be a second message; the outbox retries it durably.
    /// </summary>
    public static readonly HttpResilienceOptions Resilience = new()
    {
        MaxRetries = 2,
        BaseDelay = TimeSpan.FromMilliseconds(300),
        AttemptTimeout = TimeSpan.FromSeconds(15),
        MaxRetryAfter = TimeSpan.FromSeconds(10),
    };

    public static async Task<SendOutcome> PostAsync<TBody>(
        HttpClient http, string path, string accessToken, TBody body, JsonTypeInfo<TBody> typeInfo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, typeInfo) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return await ToOutcomeAsync(response, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return new SendOutcome.Retry($"The Graph API could not be reached ({ex.HttpRequestError}).", null);
        }
        catch (ExecutionRejectedException)
        {
            return new SendOutcome.Retry("The Graph API did not answer in time.", null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome.Retry("The Graph API did not answer in time.", null);
        }
    }

    internal static async Task<SendOutcome> ToOutcomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var sent = TryParse(content, MetaJson.Default.GraphSendResponse);
            return new SendOutcome.Sent(sent?.Messages?.FirstOrDefault()?.Id ?? sent?.MessageId);
        }

        var error = TryParse(content, MetaJson.Default.GraphErrorEnvelope)?.Error;
        var status = (int)response.StatusCode;
        if (HttpResilience.IsTransient(response.StatusCode) || error?.IsTransient == true
            || (error?.Code is { } throttled && s_throttlingCodes.Contains(throttled)))
        {
            var what = error?.Message is { } message ? $": {message}" : ".";
            return new SendOutcome.Retry($"The Graph API answered {status}{what}", HttpResilience.RetryAfter(response));
        }

        if (error?.Code is not { } code)
        {
            return new SendOutcome.Failed($"http_{status}", $"The Graph API answered {status} {response.ReasonPhrase}.");
        }

        var details = error.ErrorData?.Details ?? error.ErrorUserMsg;
        var codeText = code.ToString(CultureInfo.InvariantCulture);
        if (codeText == WindowClosedCode)
        {
            return new SendOutcome.Failed(codeText, $"The 24-hour customer service window is closed: {details ?? error.Message}");
        }

        var reason = (error.Message, details) switch
        {
            (null, null) => $"The Graph API answered {status} with error {codeText}.",
            (null, _) => details,
            (_, null) => error.Message,
            _ => $"{error.Message} ({details})",
        };
        return new SendOutcome.Failed(codeText, reason);
    }

    private static T? TryParse<T>(byte[] content, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (content.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(content, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool IsPublicHttps(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    public static string Segment(string value) => Uri.EscapeDataString(value);

    internal static bool IsNotFound(HttpStatusCode status) => status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Gone;
}
