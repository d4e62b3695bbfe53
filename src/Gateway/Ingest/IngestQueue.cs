using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LiveChat.Channels.Inbox;

namespace LiveChat.Gateway.Ingest;

/// <summary>
/// Group commit in front of <see cref="ChannelInbox"/>: every channel request is queued, and at most
/// <see cref="IngestOptions.Writers"/> transactions run at once, each storing everything that queued while
/// the previous ones ran. A lone request on a quiet node goes straight in; under load, one BEGIN, events
/// INSERT and COMMIT serve many webhooks, and ingest cannot take every pooled connection from the timers.
/// A request is answered only after the transaction holding it committed. When a group fails (a deadlock with
/// another node, one malformed item), each request in it is stored again on its own, so one bad request
/// fails alone and the others are not held back.
/// </summary>
public sealed partial class IngestQueue : IChannelInbox, IDisposable
{
    /// <summary>The meter of ingest.</summary>
    public const string MeterName = "LiveChat.Gateway.Ingest";

    /// <summary>Its histogram of how many channel requests each commit served.</summary>
    public const string RequestsPerTransaction = "livechat.ingest.requests_per_transaction";

    private readonly Meter _meter;
    private readonly Histogram<int> _requestsPerTransaction;
    private readonly ChannelInbox _inbox;
    private readonly ILogger<IngestQueue> _logger;
    private readonly int _maxItems;
    private readonly ConcurrentQueue<Queued> _queue = new();
    private readonly SemaphoreSlim _writers;

    public IngestQueue(ChannelInbox inbox, Db db, IOptions<IngestOptions> options, IMeterFactory meters, ILogger<IngestQueue> logger)
    {
        _meter = meters.Create(MeterName);
        _requestsPerTransaction = _meter.CreateHistogram<int>(RequestsPerTransaction, "{request}", "Channel requests stored by one ingest transaction");
        _inbox = inbox;
        _logger = logger;
        _maxItems = options.Value.MaxItemsPerTransaction;
        var writers = db.IsPostgres ? options.Value.Writers : 1;
        _writers = new SemaphoreSlim(writers, writers);
    }

    public async Task<InboxResult> IngestAsync(InboundBatch batch, CancellationToken cancellationToken)
    {
        var queued = new Queued(batch);
        _queue.Enqueue(queued);

        // Whoever holds a writer slot stores what is queued, its own request or others'. A caller whose request
        // another writer stored meanwhile needs no slot; its pending wait hands the slot on when it comes.
        var slot = _writers.WaitAsync(CancellationToken.None);
        if (!slot.IsCompleted && await Task.WhenAny(slot, queued.Done) != slot)
        {
            _ = slot.ContinueWith(static (_, writers) => ((SemaphoreSlim)writers!).Release(), _writers, TaskScheduler.Default);
            return await queued.Done;
        }

        try
        {
            while (!queued.Done.IsCompleted && TakeGroup() is { Count: > 0 } group)
            {
                await StoreAsync(group);
            }
        }
        finally
        {
            _writers.Release();
        }

        // Done, or in flight in another writer's transaction. Work once taken is finished even if this caller
        // goes away (a redelivery would find it stored).
        return await queued.Done.WaitAsync(cancellationToken);
    }

    private List<Queued> TakeGroup()
    {
        var group = new List<Queued>();
        var items = 0;
        while (_queue.TryPeek(out var next) && (group.Count == 0 || items + next.Size <= _maxItems))
        {
            if (!_queue.TryDequeue(out next))
            {
                break;
            }

            group.Add(next);
            items += next.Size;
        }

        return group;
    }

    private async Task StoreAsync(List<Queued> group)
    {
        try
        {
            var results = await _inbox.StoreAsync([.. group.Select(q => q.Batch)], CancellationToken.None);
            _requestsPerTransaction.Record(group.Count);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Complete(results[i]);
            }

            return;
        }
        catch (Exception exception) when (group.Count > 1)
        {
            LogGroupFailed(_logger, group.Count, exception);
        }
        catch (Exception exception)
        {
            group[0].Fail(exception);
            return;
        }

        foreach (var queued in group)
        {
            try
            {
                queued.Complete((await _inbox.StoreAsync([queued.Batch], CancellationToken.None))[0]);
                _requestsPerTransaction.Record(1);
            }
            catch (Exception exception)
            {
                queued.Fail(exception);
            }
        }
    }

    public void Dispose()
    {
        _writers.Dispose();
        _meter.Dispose();
    }

    private sealed class Queued(InboundBatch batch)
    {
        private readonly TaskCompletionSource<InboxResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public InboundBatch Batch { get; } = batch;

        public int Size { get; } = Math.Max(1, batch.Items.Count + batch.Deliveries.Count + batch.ReadReceipts.Count);

        public Task<InboxResult> Done => _done.Task;

        public void Complete(InboxResult result) => _done.TrySetResult(result);

        public void Fail(Exception exception) => _done.TrySetException(exception);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An ingest transaction of {Requests} requests failed; storing each on its own")]
    private static partial void LogGroupFailed(ILogger logger, int requests, Exception exception);
}
