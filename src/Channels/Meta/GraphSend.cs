using System.Globalization;
using System.Net;
using System.Text.Json.Serialization.Metadata;
using LiveChat.Channels.Outbox;
using LiveChat.Resilience;
using Polly;
using Refit;

namespace LiveChat.Channels.Meta;

/// <summary>Makes one Graph Send API call (<see cref="IWhatsAppSendApi"/>, <see cref="IPageSendApi"/>) and turns its answer into a <see cref="SendOutcome"/>.</summary>
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

    /// <summary>Makes the send call and reads its answer; a call that got no answer is a retry for the outbox.</summary>
    public static async Task<SendOutcome> SendAsync(Func<Task<IApiResponse<GraphSendResponse>>> send, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await send();
            return response.HasRequestError(out var error) ? Unanswered(error!.InnerException ?? error) : ToOutcome(response);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ApiRequestException ex)
        {
            return Unanswered(ex.InnerException ?? ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or ExecutionRejectedException or OperationCanceledException)
        {
            return Unanswered(ex);
        }
    }

    internal static SendOutcome ToOutcome(IApiResponse<GraphSendResponse> response)
    {
        if (response.IsSuccessStatusCode)
        {
            var sent = response.Content;
            return new SendOutcome.Sent(sent?.Messages?.FirstOrDefault()?.Id ?? sent?.MessageId);
        }

        var error = TryParse((response.Error as ApiException)?.Content, MetaJson.Default.GraphErrorEnvelope)?.Error;
        var status = (int?)response.StatusCode;
        if ((response.StatusCode is { } code && HttpResilience.IsTransient(code)) || error?.IsTransient == true
            || (error?.Code is { } throttled && s_throttlingCodes.Contains(throttled)))
        {
            var what = error?.Message is { } message ? $": {message}" : ".";
            return new SendOutcome.Retry($"The Graph API answered {status}{what}", HttpResilience.RetryAfter(response.Headers));
        }

        if (error?.Code is not { } graphCode)
        {
            return new SendOutcome.Failed($"http_{status}", $"The Graph API answered {status} {response.ReasonPhrase}.");
        }

        var details = error.ErrorData?.Details ?? error.ErrorUserMsg;
        var codeText = graphCode.ToString(CultureInfo.InvariantCulture);
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

    private static SendOutcome Unanswered(Exception ex) => ex is HttpRequestException http
        ? new SendOutcome.Retry($"The Graph API could not be reached ({http.HttpRequestError}).", null)
        : new SendOutcome.Retry("The Graph API did not answer in time.", null);

    private static T? TryParse<T>(string? content, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (string.IsNullOrEmpty(content))
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
