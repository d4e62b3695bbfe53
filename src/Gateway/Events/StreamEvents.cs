using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using LiveChat.Gateway.Chats;

namespace LiveChat.Gateway.Events;

/// <summary>What an operator's stream carries; <see cref="Id"/> is also the SSE id.</summary>
public sealed record EventEnvelope(long Id, string Type, string? ChatId, string? DepartmentId, string? OperatorId, DateTimeOffset At, JsonElement Data);

/// <summary>
/// The operator's Server-Sent Events stream. A reconnect with Last-Event-ID first replays what was
/// missed from the log, then continues live, so an incoming-chat alert survives a flaky connection.
/// </summary>
public static class StreamEvents
{
    private const int ReplayPage = 500;
    private static readonly TimeSpan s_heartbeat = TimeSpan.FromSeconds(20);

    public static IEndpointRouteBuilder MapEventStream(this IEndpointRouteBuilder api)
    {
        api.MapGet("/events", HandleAsync)
            .WithTags("Events")
            .WithName("StreamEvents")
            .WithSummary("The operator's event stream (text/event-stream). Send Last-Event-ID to replay what was missed.");
        return api;
    }

    private static async Task<Results<ServerSentEventsResult<EventEnvelope>, ValidationProblem>> HandleAsync(
        HttpContext context, ClaimsPrincipal user, Db db, EventHub hub, EventLog log, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        string? raw = context.Request.Headers["Last-Event-ID"];
        raw ??= context.Request.Query["lastEventId"];
        long? lastEventId = null;
        if (!string.IsNullOrEmpty(raw))
        {
            if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Last-Event-ID"] = ["Last-Event-ID must be an event id (a non-negative integer)."] });
            }

            lastEventId = parsed;
        }

        ChatAccess access;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            access = await ChatAccess.ForAsync(user, connection, cancellationToken);
        }

        var subscription = hub.Subscribe(e => IsFor(access, e));
        var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(StreamAsync(subscription, stopping, lastEventId, log, access));
    }

    /// <summary>Who sees an event: events for one operator go to them; department events to its members; the rest to all.</summary>
    public static bool IsFor(ChatAccess access, StoredEvent e) =>
        access.AllDepartments
        || (e.OperatorId is not null ? e.OperatorId == access.OperatorId : e.DepartmentId is null || access.DepartmentIds.Contains(e.DepartmentId));

    private static async IAsyncEnumerable<SseItem<EventEnvelope>> StreamAsync(
        EventHub.Subscription subscription, CancellationTokenSource stopping, long? lastEventId, EventLog log, ChatAccess access)
    {
        using var _ = subscription;
        using var __ = stopping;
        var cancellationToken = stopping.Token;
        var sent = lastEventId ?? subscription.LiveFrom;

        // Sent at once so the client knows it is connected; no id, so it never moves Last-Event-ID.
        yield return Control("stream.ready", new { resumedAfter = lastEventId, liveFrom = subscription.LiveFrom });
        while (sent < subscription.LiveFrom)
        {
            var page = await log.ReadAsync(sent, subscription.LiveFrom, ReplayPage, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var stored in page)
            {
                sent = stored.Id;
                if (IsFor(access, stored))
                {
                    yield return ToItem(stored);
                }
            }
        }

        await foreach (var stored in ReadLiveAsync(subscription, cancellationToken))
        {
            if (stored is null)
            {
                yield return Control("stream.heartbeat", new { at = DateTimeOffset.UtcNow });
                continue;
            }

            if (stored.Id <= sent)
            {
                continue;
            }

            sent = stored.Id;
            yield return ToItem(stored);
        }
    }

    /// <summary>Live events as they come; a null after a quiet spell asks for a heartbeat.</summary>
    private static async IAsyncEnumerable<StoredEvent?> ReadLiveAsync(EventHub.Subscription subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = subscription.Reader;
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quiet.CancelAfter(s_heartbeat);
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(quiet.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                more = true;
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            if (!reader.TryPeek(out _))
            {
                yield return null;
                continue;
            }

            while (reader.TryRead(out var stored))
            {
                yield return stored;
            }
        }
    }

    private static SseItem<EventEnvelope> Control(string type, object data) =>
        new(new EventEnvelope(0, type, null, null, null, DateTimeOffset.UtcNow, JsonSerializer.SerializeToElement(data, GatewayJson.Options)), type);

    private static SseItem<EventEnvelope> ToItem(StoredEvent stored)
    {
        using var payload = JsonDocument.Parse(stored.Payload);
        var envelope = new EventEnvelope(stored.Id, stored.Type, stored.ChatId, stored.DepartmentId, stored.OperatorId, stored.CreatedAt, payload.RootElement.Clone());
        return new SseItem<EventEnvelope>(envelope, stored.Type) { EventId = stored.Id.ToString(CultureInfo.InvariantCulture) };
    }
}
