using System.Buffers;
using System.IO.Pipelines;
using System.Reflection;
using LiveChat.Gateway.Events;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace LiveChat.Gateway.Streaming;

/// <summary>
/// Writes one operator's event stream: stream.ready, the replay of what they missed, then live events.
/// Live frames are shared by every stream (<see cref="LiveEvent.Frame"/>); everything waiting in the
/// subscription is written before one flush, so a busy stream costs a socket write per batch, not per event.
/// </summary>
public sealed class EventStreamResult(
    EventHub.Subscription subscription, Func<StoredEvent, bool> filter, long? lastEventId, EventLog log, TimeProvider time, CancellationToken stopping)
    : IResult, IEndpointMetadataProvider
{
    private const int ReplayPage = 500;

    // Enough to make a flush worth its syscall, small enough that one stream never buffers much.
    private const int FlushBytes = 32 * 1024;
    private static readonly TimeSpan s_heartbeat = TimeSpan.FromSeconds(20);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(EventEnvelope), ["text/event-stream"]));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var _ = subscription;
        var response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers.Pragma = "no-cache";
        // No proxy buffering and no response compression: either would hold events back.
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers.ContentEncoding = "identity";
        httpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();

        using var ended = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        try
        {
            var writer = response.BodyWriter;
            // Sent at once so the client knows it is connected; no id, so it never moves Last-Event-ID.
            writer.Write(SseFrame.Control("stream.ready", new { resumedAfter = lastEventId, liveFrom = subscription.LiveFrom }, time.GetUtcNow()));
            if (await FlushAsync(writer, ended.Token)
                && await ReplayAsync(writer, ended.Token) is { } sent)
            {
                await WriteLiveAsync(writer, sent, ended.Token);
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The operator went away or the node is stopping: the response simply ends.
        }
    }

    /// <summary>Writes the missed events from the log up to where live delivery starts; the last id covered, or null when the client left.</summary>
    private async Task<long?> ReplayAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        var sent = lastEventId ?? subscription.LiveFrom;
        while (sent < subscription.LiveFrom)
        {
            var page = await log.ReadAsync(sent, subscription.LiveFrom, ReplayPage, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var stored in page.Where(filter))
            {
                writer.Write(SseFrame.Of(stored));
            }

            sent = page[^1].Id;
            if (!await FlushAsync(writer, cancellationToken))
            {
                return null;
            }
        }

        return sent;
    }

    /// <summary>Live events as the hub hands them over, a batch per flush; a heartbeat after a quiet spell.</summary>
    private async Task WriteLiveAsync(PipeWriter writer, long sent, CancellationToken cancellationToken)
    {
        var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (true)
            {
                // One token source per quiet spell; each batch only moves its deadline.
                quiet.CancelAfter(s_heartbeat);
                bool more;
                try
                {
                    more = await subscription.WaitToReadAsync(quiet.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    quiet.Dispose();
                    quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var now = time.GetUtcNow();
                    writer.Write(SseFrame.Control("stream.heartbeat", new { at = now }, now));
                    if (!await FlushAsync(writer, cancellationToken))
                    {
                        return;
                    }

                    continue;
                }

                if (!more)
                {
                    // Cut off (too far behind) or the node is stopping: the client reconnects with Last-Event-ID.
                    return;
                }

                var buffered = 0;
                while (buffered < FlushBytes && subscription.TryRead(out var batch))
                {
                    foreach (var live in batch)
                    {
                        if (live.Stored.Id > sent)
                        {
                            sent = live.Stored.Id;
                            writer.Write(live.Frame);
                            buffered += live.Frame.Length;
                        }
                    }
                }

                if (buffered > 0 && !await FlushAsync(writer, cancellationToken))
                {
                    return;
                }
            }
        }
        finally
        {
            quiet.Dispose();
        }
    }

    /// <summary>False when the client has gone.</summary>
    private static async Task<bool> FlushAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        var flushed = await writer.FlushAsync(cancellationToken);
        return !flushed.IsCompleted && !flushed.IsCanceled;
    }
}
