using System.Globalization;
using System.Net.Http.Headers;
using LiveChat.Gateway.Events;
using LiveChat.Tickets;

namespace LiveChat.Gateway.Webhooks;

/// <summary>
/// Delivers chat events to each webhook subscription from its cursor in the event log, rather than as Hangfire jobs: a
/// subscription's events must arrive in order, and a cursor that moves only after the receiver accepted keeps that
/// order, survives restarts (nothing is lost; at most the event in flight is sent again) and costs one row per
/// subscription, not a job per event. It reads up to this node's settled <see cref="EventHub.Position"/>, so an event
/// committed late with a lower id is never passed over. A lease on the cursor row keeps other nodes off it while this
/// one sends; an event not accepted stays at the cursor until its retry is due.
/// </summary>
public sealed partial class WebhookRelay(
    Db db,
    EventLog log,
    EventHub hub,
    IHttpClientFactory clients,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookRelay> logger) : BackgroundService
{
    public const string EventIdHeader = "X-LiveChat-Event-Id";
    public const string EventTypeHeader = "X-LiveChat-Event";

    private const int Batch = 20;
    private readonly WebhookOptions _options = options.Value;

    // Per subscription, the log position it had reached with nothing left to retry: until the log moves past it there is
    // nothing to send, and the cursor row is not touched (an idle gateway costs no statements).
    private readonly Dictionary<string, long> _caughtUpAt = new(StringComparer.Ordinal);

    /// <summary>How long a claimed cursor is kept from other nodes: a whole batch of attempts that all time out.</summary>
    private TimeSpan Lease => (_options.Timeout * Batch) + TimeSpan.FromSeconds(30);

    /// <summary>A new subscription starts at the end of the log (it is not sent history); done before the host starts, so no event written after start-up is missed.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Subscriptions.Count > 0)
        {
            var end = await log.LastIdAsync(cancellationToken);
            await using var connection = await db.OpenAsync(cancellationToken);
            foreach (var subscription in _options.Subscriptions)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO webhook_cursors (subscription, position, updated_at) VALUES (@Name, @end, @now) ON CONFLICT (subscription) DO NOTHING",
                    new { subscription.Name, end, now = time.GetUtcNow() },
                    cancellationToken: cancellationToken));
            }
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Subscriptions.Count == 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                foreach (var subscription in _options.Subscriptions)
                {
                    sent += await DeliverAsync(subscription, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRoundFailed(logger, exception);
            }

            if (sent == 0)
            {
                await Task.Delay(_options.Poll, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Sends what is due for one subscription, in order, until a receiver refuses; returns how many events it moved past by sending.</summary>
    private async Task<int> DeliverAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        var name = subscription.Name!;
        var upTo = hub.Position;
        if (_caughtUpAt.TryGetValue(name, out var caughtUp) && upTo <= caughtUp)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        Cursor? cursor;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            cursor = await connection.QuerySingleOrDefaultAsync<Cursor>(new CommandDefinition(
                """
                UPDATE webhook_cursors SET locked_until = @until
                WHERE subscription = @name AND (locked_until IS NULL OR locked_until < @now) AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
                RETURNING position, attempts, last_error
                """,
                new { name, now, until = now + Lease },
                cancellationToken: cancellationToken));
        }

        if (cursor is null)
        {
            return 0;
        }

        var (position, attempts, error) = (cursor.Position, cursor.Attempts, cursor.LastError);
        DateTimeOffset? retryAt = null;
        var moved = 0;
        try
        {
            var events = await log.ReadAsync(position, upTo, Batch, cancellationToken);
            foreach (var e in events)
            {
                if (ChatWebhookEvents.TypeOf(e) is not { } type || !subscription.Wants(type))
                {
                    position = e.Id;
                    continue;
                }

                var outcome = await SendAsync(subscription, e, type, cancellationToken);
                attempts++;
                var decision = WebhookRetry.Decide(outcome, attempts, _options, time.GetUtcNow(), Random.Shared.NextDouble());
                if (decision is DeliveryDecision.RetryAt retry)
                {
                    LogRetrying(logger, name, e.Id, type, retry.Reason, attempts, retry.At);
                    (retryAt, error) = (retry.At, retry.Reason);
                    break;
                }

                if (decision is DeliveryDecision.GiveUp giveUp)
                {
                    LogGaveUp(logger, name, e.Id, type, giveUp.Reason);
                }

                (position, attempts, error) = (e.Id, 0, null);
                moved++;
                await SaveAsync(name, position, cancellationToken);
            }

            if (retryAt is null && events.Count < Batch)
            {
                _caughtUpAt[name] = upTo;
            }
        }
        finally
        {
            await ReleaseAsync(name, position, attempts, retryAt, error);
        }

        return moved;
    }

    private async Task<DeliveryOutcome> SendAsync(WebhookSubscription subscription, StoredEvent e, string type, CancellationToken cancellationToken)
    {
        var body = ChatWebhookEvents.Body(e, type);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(subscription.Url!));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(EventIdHeader, ChatWebhookEvents.Id(e));
        request.Headers.TryAddWithoutValidation(EventTypeHeader, type);
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Compute(subscription.Secret!, timestamp, body));

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_options.Timeout);
        try
        {
            using var response = await clients.CreateClient(WebhooksRegistration.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            return response.IsSuccessStatusCode
                ? new DeliveryOutcome.Accepted()
                : new DeliveryOutcome.Answered((int)response.StatusCode, RetryAfter(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome.NoAnswer($"no answer within {_options.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (HttpRequestException exception)
        {
            // The error kind only: the exception's message may carry the URL, and a URL may carry a token.
            return new DeliveryOutcome.NoAnswer($"network error ({exception.HttpRequestError})");
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>Moves the cursor past an event the receiver accepted, at once: a crash now repeats no accepted event.</summary>
    private async Task SaveAsync(string name, long position, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE webhook_cursors SET position = @position, attempts = 0, last_error = NULL, updated_at = @now WHERE subscription = @name",
            new { name, position, now = time.GetUtcNow() },
            cancellationToken: cancellationToken));
    }

    /// <summary>Records where the subscription stands and frees it, also when the node is stopping mid-batch.</summary>
    private async Task ReleaseAsync(string name, long position, int attempts, DateTimeOffset? retryAt, string? error)
    {
        await using var connection = await db.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_cursors SET position = @position, attempts = @attempts, next_attempt_at = @retryAt, last_error = @error,
                locked_until = NULL, updated_at = @now
            WHERE subscription = @name
            """,
            new { name, position, attempts, retryAt, error, now = time.GetUtcNow() }));
    }

    private sealed record Cursor
    {
        public long Position { get; init; }
        public int Attempts { get; init; }
        public string? LastError { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering chat webhooks failed; retrying")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Subscription}: event {EventId} ({EventType}) not accepted ({Reason}), attempt {Attempt}; retrying at {RetryAt}")]
    private static partial void LogRetrying(ILogger logger, string subscription, long eventId, string eventType, string reason, int attempt, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Subscription}: gave up event {EventId} ({EventType}): {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string subscription, long eventId, string eventType, string reason);
}
