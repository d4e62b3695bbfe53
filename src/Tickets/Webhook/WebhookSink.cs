using System.Net.Http.Headers;
using System.Globalization;
using LiveChat.Tickets.Http;
using Microsoft.Extensions.Options;

namespace LiveChat.Tickets.Webhook;

/// <summary>
/// A signed JSON POST to any URL. Exactly-once is the receiver's part: the <c>Idempotency-Key</c> header
/// (and body field) is the same on every attempt, so the receiver stores it and answers a repeat with the
/// ticket it already made. Any 2xx is success.
/// </summary>
internal sealed class WebhookSink(HttpClient http, IOptions<TicketsOptions> options, TimeProvider time) : ITicketSink
{
    private const string Name = "The ticket webhook";
    private readonly TicketWebhookOptions _webhook = options.Value.Webhook;

    public string Provider => TicketProviders.Webhook;

    // The receiver dedupes by idempotency key.
    public TimeSpan LookupDelay => TimeSpan.Zero;

    public async Task<TicketOutcome> CreateAsync(TicketRequest request, TicketAttempt attempt, CancellationToken cancellationToken)
    {
        var content = TicketContent.Build(request);
        var payload = new WebhookTicket(
            request.IdempotencyKey,
            request.ChatId,
            request.Kind == TicketKind.Missed ? "missed" : "transcript",
            content.Subject,
            request.Channel,
            request.DepartmentId,
            request.DepartmentName,
            request.Contact,
            request.Question,
            request.Summary,
            content.Tags,
            request.ChatUrl,
            request.StartedAt,
            request.EndedAt,
            request.Lines,
            content.Text,
            content.Html);
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, WebhookJson.Default.WebhookTicket);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();

        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_webhook.Url!));
        message.Content = new ByteArrayContent(body);
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        message.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        message.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Compute(_webhook.Secret!, timestamp, body));
        message.Headers.TryAddWithoutValidation("Idempotency-Key", request.IdempotencyKey);

        var (sent, failure) = await TicketHttp.SendAsync(http, message, Name, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        using var response = sent!;
        if (!response.IsSuccessStatusCode)
        {
            return await TicketHttp.FailureAsync(response, Name, Describe, time, cancellationToken);
        }

        var answer = await ReadAnswerAsync(response, cancellationToken);
        var id = answer is null ? null : TicketHttp.Id(answer.Id);
        return new TicketOutcome.Created(string.IsNullOrEmpty(id) ? request.IdempotencyKey : id, answer?.Url);
    }

    /// <summary>The receiver's <c>{id, url}</c>, if it sent one; any 2xx is success either way.</summary>
    private static async Task<WebhookAnswer?> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, WebhookJson.Default.WebhookAnswer);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Common error shapes: <c>{error}</c>, <c>{message}</c>, ProblemDetails <c>{title, detail}</c>.</summary>
    private static string? Describe(JsonElement error) =>
        JsonText.Join(
            JsonText.String(error, "error"),
            JsonText.String(error, "title"),
            JsonText.String(error, "message"),
            JsonText.String(error, "detail"));
}
