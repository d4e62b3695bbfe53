using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace LiveChat.Gateway.Events;

/// <summary>
/// This node's reader of the event log: one query per wake-up, fanned out to every stream connected
/// here. It holds no state of its own beyond a position and the open connections (DESIGN.md §4).
/// Writers take event ids from a sequence without any lock, so a transaction holding id N may commit
/// after one holding N+1. The hub therefore delivers strictly in id order and stops at a gap: an
/// in-flight transaction fills it within milliseconds (the hub re-reads every few), while a gap that
/// outlives <see cref="GapTimeout"/> belongs to a rolled-back transaction (or a sequence jump after a
/// crash) and is passed over. A stream that has seen id N therefore never later misses a committed id
/// below N, unless a transaction took longer than the timeout between taking its id and committing.
/// </summary>
public sealed partial class EventHub(EventLog log, EventSignal signal, ILogger<EventHub> logger) : BackgroundService
{
    private const int PageSize = 500;

    // 20 s of events at 500/s: only a reader that has really stopped reading is cut off.
    internal const int SubscriberBuffer = 10_000;
    private static readonly TimeSpan s_fallbackPoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_gapPoll = TimeSpan.FromMilliseconds(5);

    // Under load every commit wakes the hub. Dispatching at most once per interval hands each stream the
    // events of several commits at a time, so it writes and flushes once per batch instead of once per event
    // (at 500 commits/s and 500 streams that is 250,000 socket writes a second otherwise). A wake after a
    // quiet spell dispatches at once, so an event on a quiet system is not delayed. 25 ms rather than 10: with
    // 500 streams the per-wake cost (a task and a write for each stream) dominated (bench scenario 3), and
    // 25 ms is well inside what an operator notices.
    private static readonly TimeSpan s_dispatchInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>How long a missing id is waited for before it is taken to be a rolled-back transaction's.</summary>
    public static TimeSpan GapTimeout { get; } = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscribers = [];
    private long _position = -1;
    private long _gapAt = -1;
    private long _gapSince;

    /// <summary>
    /// The highest event id this node has delivered: every committed event at or below it is visible and
    /// none will appear later (gaps were waited for). Readers that page by event id stop here.
    /// </summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>
    /// Waits (bounded) until this node has settled every event committed before the call, so that a reader
    /// paging by <see cref="Position"/> sees its own writes. Returns the position reached.
    /// </summary>
    public async Task<long> CatchUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var target = await log.LastIdAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        while (Position < target && Stopwatch.GetElapsedTime(started) < timeout)
        {
            Wake();
            await Task.Delay(2, cancellationToken);
        }

        return Position;
    }

    /// <summary>Wakes the hub now (what a commit does through <see cref="EventSignal"/>).</summary>
    public void Wake() => signal.Wake();

    /// <summary>Registers a stream; events after <see cref="Subscription.LiveFrom"/> arrive on its reader.</summary>
    public Subscription Subscribe(Func<StoredEvent, bool> filter)
    {
        lock (_gate)
        {
            var subscription = new Subscription(this, filter, _position);
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _position, await log.LastIdAsync(cancellationToken));
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var dispatchedAt = Stopwatch.GetTimestamp();
                var waitingForGap = await DispatchAvailableAsync(stoppingToken);
                await signal.WaitAsync(waitingForGap ? s_gapPoll : s_fallbackPoll, stoppingToken);
                var early = s_dispatchInterval - Stopwatch.GetElapsedTime(dispatchedAt);
                if (early > TimeSpan.Zero)
                {
                    await Task.Delay(early, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogReadFailed(logger, exception);
                await Task.Delay(s_fallbackPoll, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        lock (_gate)
        {
            foreach (var subscription in _subscribers)
            {
                subscription.Complete();
            }

            _subscribers.Clear();
        }
    }

    /// <summary>Delivers everything committed in order; true when it stopped at a gap it is still waiting for.</summary>
    private async Task<bool> DispatchAvailableAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await log.ReadAsync(_position, long.MaxValue, PageSize, cancellationToken);
            if (page.Count == 0)
            {
                return false;
            }

            var settled = Settled(page);
            lock (_gate)
            {
                // Delivery and the position move together, so a stream subscribing now gets each event
                // either live or in its replay up to LiveFrom, never neither.
                Deliver(settled);
                if (settled.Count > 0)
                {
                    Interlocked.Exchange(ref _position, settled[^1].Stored.Id);
                }
            }

            var waiting = settled.Count < page.Count;
            if (waiting || page.Count < PageSize)
            {
                return waiting;
            }
        }
    }

    /// <summary>The page's events up to the first gap still waited for, in id order.</summary>
    private List<LiveEvent> Settled(IReadOnlyList<StoredEvent> page)
    {
        var settled = new List<LiveEvent>(page.Count);
        var last = _position;
        foreach (var stored in page)
        {
            if (stored.Id != last + 1 && !GapExpired(last + 1, stored.Id))
            {
                break;
            }

            settled.Add(new LiveEvent(stored));
            last = stored.Id;
        }

        return settled;
    }

    private bool GapExpired(long missing, long next)
    {
        if (_gapAt != missing)
        {
            _gapAt = missing;
            _gapSince = Stopwatch.GetTimestamp();
            return false;
        }

        if (Stopwatch.GetElapsedTime(_gapSince) < GapTimeout)
        {
            return false;
        }

        LogGapSkipped(logger, missing, next - 1);
        return true;
    }

    /// <summary>
    /// Hands each subscriber its part of the batch as one array: the batch itself when it wants every event (an
    /// operator who sees everything, the usual case), so a dispatch costs a subscriber one hand-over and one wake
    /// whatever the number of events.
    /// </summary>
    private void Deliver(List<LiveEvent> settled)
    {
        if (settled.Count == 0)
        {
            return;
        }

        var batch = settled.ToArray();
        var picked = new List<LiveEvent>(batch.Length);
        for (var i = _subscribers.Count - 1; i >= 0; i--)
        {
            var subscription = _subscribers[i];
            if (Pick(subscription.Filter, batch, picked) is not { } part)
            {
                continue;
            }

            if (!subscription.TryWrite(part))
            {
                // A reader this far behind is cut off; it reconnects with Last-Event-ID and replays.
                LogSubscriberCutOff(logger, SubscriberBuffer, part[0].Stored.Id);
                subscription.Complete();
                _subscribers.RemoveAt(i);
            }
        }
    }

    /// <summary>The events of <paramref name="batch"/> the filter lets through: the batch itself when it lets all through, null when none.</summary>
    private static LiveEvent[]? Pick(Func<StoredEvent, bool> filter, LiveEvent[] batch, List<LiveEvent> picked)
    {
        picked.Clear();
        foreach (var live in batch)
        {
            if (filter(live.Stored))
            {
                picked.Add(live);
            }
        }

        return picked.Count == 0 ? null : picked.Count == batch.Length ? batch : [.. picked];
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }

    /// <summary>
    /// One stream's events as the hub hands them over: arrays in id order. At most <see cref="SubscriberBuffer"/> events
    /// wait unread; a reader further behind than that is cut off (the hub completes the subscription).
    /// </summary>
    public sealed class Subscription : IDisposable
    {
        private readonly EventHub _hub;
        private readonly Channel<LiveEvent[]> _channel = Channel.CreateUnbounded<LiveEvent[]>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        private int _unread;

        internal Subscription(EventHub hub, Func<StoredEvent, bool> filter, long liveFrom)
        {
            _hub = hub;
            Filter = filter;
            LiveFrom = liveFrom;
        }

        internal Func<StoredEvent, bool> Filter { get; }

        /// <summary>The last event id this node had dispatched when the stream subscribed.</summary>
        public long LiveFrom { get; }

        /// <summary>True when events are waiting; false once the subscription has ended (cut off, or the node is stopping).</summary>
        public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

        /// <summary>The next batch handed over, in id order.</summary>
        public bool TryRead([MaybeNullWhen(false)] out LiveEvent[] batch)
        {
            if (!_channel.Reader.TryRead(out batch))
            {
                return false;
            }

            Interlocked.Add(ref _unread, -batch.Length);
            return true;
        }

        internal bool TryWrite(LiveEvent[] batch) =>
            Interlocked.Add(ref _unread, batch.Length) <= SubscriberBuffer && _channel.Writer.TryWrite(batch);

        internal void Complete() => _channel.Writer.TryComplete();

        public void Dispose()
        {
            _hub.Remove(this);
            Complete();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event ids {From}..{To} never committed (rolled back); passed over")]
    private static partial void LogGapSkipped(ILogger logger, long from, long to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber {Buffered} events behind was cut off at event {EventId}; it resumes with Last-Event-ID")]
    private static partial void LogSubscriberCutOff(ILogger logger, int buffered, long eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the event log failed; retrying")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
