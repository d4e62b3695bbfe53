using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Routing;

/// <summary>
/// The timers of DESIGN.md §5: indexed reads of what is due by the injected clock, then one transaction per
/// chat whose conditional UPDATE re-checks the deadline. Any number of nodes may sweep at once; each change
/// happens once: each chat is claimed with FOR UPDATE SKIP LOCKED, so sweeping nodes skip one another's chats. A deadline that passed while no node ran is simply due at the next sweep.
/// </summary>
public sealed partial class ChatSweeper(
    Db db, ChatRequests requests, OfferRouter offers, TimeProvider time, IOptions<RoutingOptions> options, ILogger<ChatSweeper> logger)
{
    private const int Batch = 200;
    private static readonly TimeSpan s_endingBudget = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one sweep works on the timers without a deadline to the second (missed, idle): what is left is due at
    /// the next sweep, so a burst of 2,000 missed chats cannot hold up the ending countdowns for seconds (bench scenario 4).
    /// </summary>
    private static readonly TimeSpan s_otherBudget = TimeSpan.FromMilliseconds(500);

    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken) => new(
        await EndAllDueAsync(cancellationToken),
        await MissOverdueAsync(cancellationToken),
        await EndIdleAsync(cancellationToken),
        await requests.ExpireDueAsync(cancellationToken),
        await offers.OfferAsync(cancellationToken));

    /// <summary>
    /// Ending countdowns have a promise to keep (the chat ends when its time is up), so a sweep keeps ending due
    /// chats batch after batch, for up to a few seconds, before it turns to the other timers.
    /// </summary>
    private async Task<int> EndAllDueAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var total = 0;
        int ended;
        do
        {
            ended = await EndDueAsync(cancellationToken);
            total += ended;
        }
        while (ended >= Batch && time.GetElapsedTime(started) < s_endingBudget);

        return total;
    }

    /// <summary>Ending chats whose countdown ran out.</summary>
    public Task<int> EndDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return ClaimEachAsync(
            CloseGuard.EndingDue,
            now,
            (work, id) => ChatLifecycle.TryEndAsync(work, id, CloseGuard.EndingDue, now, EndReasons.Inactivity, Actor.System, now),
            cancellationToken);
    }

    /// <summary>Queued chats nobody picked up in time.</summary>
    public Task<int> MissOverdueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = now.AddSeconds(-options.Value.MissedAfterSeconds);
        return ClaimEachAsync(
            CloseGuard.QueuedTooLong,
            cutoff,
            (work, id) => ChatLifecycle.TryMissAsync(work, id, CloseGuard.QueuedTooLong, cutoff, EndReasons.NotPickedUp, Actor.System, now),
            cancellationToken,
            s_otherBudget);
    }

    /// <summary>Active chats forgotten by everyone: the visitor has been silent for Routing:IdleEndAfterMinutes.</summary>
    public Task<int> EndIdleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = now.AddMinutes(-options.Value.IdleEndAfterMinutes);
        return ClaimEachAsync(
            CloseGuard.ActiveIdle,
            cutoff,
            (work, id) => ChatLifecycle.TryEndAsync(work, id, CloseGuard.ActiveIdle, cutoff, EndReasons.Idle, Actor.System, now),
            cancellationToken,
            s_otherBudget);
    }

    private async Task<int> ClaimEachAsync(
        CloseGuard guard, DateTimeOffset cutoff, Func<UnitOfWork, string, Task<ChatRef?>> change, CancellationToken cancellationToken,
        TimeSpan? budget = null)
    {
        var started = time.GetTimestamp();
        List<string> due;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            due = [.. await connection.QueryAsync<string>(new CommandDefinition($"{ChatLifecycle.DueSql(guard)} LIMIT {Batch}", new { cutoff }, cancellationToken: cancellationToken))];
        }

        // One transaction per chat, a few at a time on PostgreSQL (SQLite has one writer anyway).
        var changed = 0;
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = db.IsPostgres ? 4 : 1, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                if (budget is { } limit && time.GetElapsedTime(started) > limit)
                {
                    return;
                }

                await using var work = await db.BeginAsync(ct);
                // Claimed with SKIP LOCKED: a chat another node (or an operator) is changing right now is theirs.
                if (db.IsPostgres && await work.ScalarAsync<string>("SELECT id FROM chats WHERE id = @id FOR UPDATE SKIP LOCKED", new { id }) is null)
                {
                    return;
                }

                if (await change(work, id) is null)
                {
                    // Another node (or an operator) got there first.
                    return;
                }

                await work.CommitAsync(ct);
                Interlocked.Increment(ref changed);
            });

        if (changed > 0)
        {
            LogSwept(logger, changed);
        }

        return changed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer sweep changed {Count} chat(s)")]
    private static partial void LogSwept(ILogger logger, int count);
}
