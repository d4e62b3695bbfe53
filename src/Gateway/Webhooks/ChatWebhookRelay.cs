using System.Globalization;
using System.Net.Http.Headers;
using LiveChat.Gateway.Events;
using LiveChat.Tickets;

namespace LiveChat.Gateway.Webhooks;

/// <summary>
/// Runs on every node: per endpoint, reads the event log after the endpoint's position up to what this node's hub has
/// settled (so no event is passed over while an older transaction is still committing), posts the chat events found,
/// and moves the position with a compare-and-set: two nodes may both send a batch (the receiver dedupes by
/// event id), none skips one. A failing endpoint waits, doubling up to <c>MaxBackoffSeconds</c>.
/// </summary>
public sealed partial class ChatWebhookRelay(
    Db db, EventLog log, EventHub hub, IHttpClientFactory clients, IOptions<ChatWebhookOptions> options, TimeProvider time, ILogger<ChatWebhookRelay> logger)
    : BackgroundService
{
    private const int PageSize = 200;
    private readonly Dictionary<string, (int Failures, long RetryAt)> _backoff = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var endpoints = options.Value.Endpoints;
        if (endpoints.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds));
        do
        {
            foreach (var endpoint in endpoints)
            {
                try
                {
                    await SendDueAsync(endpoint, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    LogRoundFailed(logger, endpoint.Name, exception.GetType().Name);
                }
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task SendDueAsync(ChatWebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (_backoff.TryGetValue(endpoint.Name, out var waiting) && Environment.TickCount64 < waiting.RetryAt)
        {
            return;
        }

        var upTo = hub.Position;
        var key = $"chat-webhooks.{endpoint.Name}.position";
        await using var connection = await db.OpenAsync(cancellationToken);
        // A new endpoint starts at what is settled now: it follows chats from here on, it does not replay history.
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO settings (key, value) VALUES (@key, @upTo) ON CONFLICT (key) DO NOTHING",
            new { key, upTo = upTo.ToString(CultureInfo.InvariantCulture) }, cancellationToken: cancellationToken));
        var stored = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT value FROM settings WHERE key = @key", new { key }, cancellationToken: cancellationToken));
        var position = long.Parse(stored!, CultureInfo.InvariantCulture);
        while (position < upTo)
        {
            var page = await log.ReadAsync(position, upTo, PageSize, cancellationToken);
            if (page.Count == 0)
            {
                return;
            }

            var events = ChatWebhooks.Select(page, endpoint);
            if (events.Count > 0 && !await PostAsync(endpoint, events, cancellationToken))
            {
                return;
            }

            var moved = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE settings SET value = @next WHERE key = @key AND value = @current",
                new { key, current = position.ToString(CultureInfo.InvariantCulture), next = page[^1].Id.ToString(CultureInfo.InvariantCulture) },
                cancellationToken: cancellationToken));
            if (moved == 0)
            {
                return; // Another node moved it meanwhile; the next round starts from there.
            }

            position = page[^1].Id;
        }
    }

    private async Task<bool> PostAsync(ChatWebhookEndpoint endpoint, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        var deliveryId = $"{endpoint.Name}-{events[0].Id}-{events[^1].Id}";
        var body = ChatWebhooks.Body(deliveryId, events);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Compute(endpoint.Secret, timestamp, body));
        request.Headers.TryAddWithoutValidation("Idempotency-Key", deliveryId);
        int? status = null;
        try
        {
            using var response = await clients.CreateClient(ChatWebhooks.HttpClientName).SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                _backoff.Remove(endpoint.Name);
                return true;
            }
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        var failures = _backoff.TryGetValue(endpoint.Name, out var before) ? before.Failures + 1 : 1;
        var wait = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, failures - 1), options.Value.MaxBackoffSeconds));
        _backoff[endpoint.Name] = (failures, Environment.TickCount64 + (long)wait.TotalMilliseconds);
        LogDeliveryFailed(logger, endpoint.Name, deliveryId, status, wait.TotalSeconds);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat webhook {Endpoint}: delivery {DeliveryId} failed (HTTP {Status}); retrying in {Seconds} s")]
    private static partial void LogDeliveryFailed(ILogger logger, string endpoint, string deliveryId, int? status, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Chat webhook {Endpoint}: a round failed ({Error})")]
    private static partial void LogRoundFailed(ILogger logger, string endpoint, string error);
}
