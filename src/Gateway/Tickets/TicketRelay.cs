using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Jobs;
using LiveChat.Tickets;

namespace LiveChat.Gateway.Tickets;

/// <summary>
/// Hands committed ticket requests to Hangfire. A request row is written in the transaction that ends the chat; after
/// the commit this node is woken (<see cref="TicketSignal"/>) and creates the request's one job, recording its id on the
/// row (<c>job_id</c>). The same pass re-hands what would otherwise be stuck: a row whose job was never created (a crash
/// between the commit and the hand-over, another node's commit seen on the poll), a row whose job was scheduled for a
/// time that has passed by the gateway's clock without running, or whose job is gone or finished (a failed request
/// retried, a job deleted on the dashboard, jobs lost with the in-memory store when the SQLite node restarted).
/// It runs only with a helpdesk; without one <see cref="TicketsWithoutHelpdesk"/> marks the requests instead.
/// </summary>
public sealed partial class TicketRelay(
    Db db,
    TicketSignal signal,
    IBackgroundJobClient jobs,
    JobStorage storage,
    IOptions<TicketDispatchOptions> options,
    IOptions<HangfireOptions> hangfireOptions,
    TimeProvider time,
    ILogger<TicketRelay> logger) : WakeableWorker(signal)
{
    public const string NoHelpdesk = "No helpdesk is configured (Tickets:Provider is empty).";

    private const int Batch = 100;

    /// <summary>Most new requests handed in one round before the waiting ones get their turn.</summary>
    private const int MaxHandedPerRound = 20 * Batch;

    /// <summary>How often rows long overdue are checked for a lost job; how overdue they must be.</summary>
    private static readonly TimeSpan s_lostJobCheck = TimeSpan.FromMinutes(1);

    private bool _started;
    private long _lastLostJobCheck;

    protected override TimeSpan IdlePoll => options.Value.Poll;

    /// <summary>How long past its time a scheduled job is left to Hangfire's scheduler before the relay enqueues it.</summary>
    private TimeSpan SchedulerGrace => TimeSpan.FromMilliseconds(2 * hangfireOptions.Value.SchedulePollingMilliseconds);

    protected override void OnRoundFailed(Exception exception) => LogRelayFailed(logger, exception);

    protected override async Task<int> WorkDueAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            await ForgetInMemoryJobsAsync(cancellationToken);
            _started = true;
        }

        if (time.GetElapsedTime(_lastLostJobCheck) > s_lostJobCheck)
        {
            _lastLostJobCheck = time.GetTimestamp();
            await CheckOverdueAsync(cancellationToken);
        }

        // A backlog (a helpdesk configured late, an outage) is handed over whole before the waiting rows are looked at: one
        // batch per round let the hand-over fall behind the workers (10,000 requests drained at the rate they were handed).
        var handed = 0;
        int batch;
        do
        {
            batch = await HandNewAsync(cancellationToken);
            handed += batch;
        }
        while (batch == Batch && handed < MaxHandedPerRound);

        return handed + await RehandWaitingAsync(cancellationToken);
    }

    /// <summary>Without a helpdesk the requests stay pending (a provider configured later sends them) and say why.</summary>
    public static async Task MarkUnconfiguredAsync(Db db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE ticket_requests SET last_error = @error, updated_at = @now WHERE state = {Sql.Literal(TicketState.Pending)} AND (last_error IS NULL OR last_error <> @error)",
            new { error = NoHelpdesk, now },
            cancellationToken: cancellationToken));
    }

    /// <summary>The in-memory store (the SQLite node) starts empty: every pending request needs its job again.</summary>
    private async Task ForgetInMemoryJobsAsync(CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            return;
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE ticket_requests SET job_id = NULL, job_waiting_until = NULL WHERE state = {Sql.Literal(TicketState.Pending)} AND job_id IS NOT NULL",
            cancellationToken: cancellationToken));
    }

    /// <summary>Creates the job of each committed request that has none; rows locked by another node's relay are left to it.</summary>
    private async Task<int> HandNewAsync(CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var ids = (await work.QueryAsync<string>(
            $"SELECT id FROM ticket_requests WHERE state = {Sql.Literal(TicketState.Pending)} AND job_id IS NULL ORDER BY created_at LIMIT {Batch}{db.ForUpdateSkipLocked}")).ToList();
        foreach (var id in ids)
        {
            // A job that starts before this commit waits for the row lock, then finds its own id on the row.
            var jobId = jobs.Create(TicketJob.For(id), new EnqueuedState());
            await work.ExecuteAsync("UPDATE ticket_requests SET job_id = @jobId WHERE id = @id", new { jobId, id });
            LogHanded(logger, id, jobId);
        }

        await work.CommitAsync(cancellationToken);
        return ids.Count;
    }

    /// <summary>
    /// Rows whose job was to run again by now (by the gateway's clock): a scheduled job that Hangfire's scheduler has not
    /// moved within two of its polls is enqueued now (after a restart, or when the clock was moved), a finished one
    /// requeued, a missing one replaced; one already queued or running is left alone.
    /// </summary>
    private async Task<int> RehandWaitingAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<Waiting> waiting;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            waiting = [.. await connection.QueryAsync<Waiting>(new CommandDefinition(
                $"SELECT id, job_id, job_waiting_until FROM ticket_requests WHERE job_waiting_until <= @now AND state = {Sql.Literal(TicketState.Pending)} AND job_id IS NOT NULL ORDER BY job_waiting_until LIMIT {Batch}",
                new { now },
                cancellationToken: cancellationToken))];
        }

        if (waiting.Count == 0)
        {
            return 0;
        }

        using var hangfire = storage.GetConnection();
        var handed = 0;
        foreach (var row in waiting)
        {
            var data = hangfire.GetJobData(row.JobId);
            var ours = data?.Job?.Args is [string requestId, ..] && requestId == row.Id;
            if (ours && data!.State == ProcessingState.StateName)
            {
                // Running now; it records its own next step.
                continue;
            }

            if (ours && data!.State == ScheduledState.StateName && DueOnHangfiresClockAboutNow(hangfire, row.JobId))
            {
                // Hangfire's own scheduler moves it within a poll; enqueueing it here too would only race with it.
                continue;
            }

            await using var work = await db.BeginAsync(cancellationToken);
            if (!ours)
            {
                var jobId = jobs.Create(TicketJob.For(row.Id), new EnqueuedState());
                await work.ExecuteAsync(
                    "UPDATE ticket_requests SET job_id = @jobId, job_waiting_until = NULL WHERE id = @Id AND job_id = @JobId",
                    new { jobId, row.Id, row.JobId });
                LogJobReplaced(logger, row.Id, row.JobId);
            }
            else
            {
                if (data!.State != EnqueuedState.StateName)
                {
                    jobs.ChangeState(row.JobId, new EnqueuedState { Reason = "Due by the gateway's clock." }, data.State);
                }

                await work.ExecuteAsync(
                    "UPDATE ticket_requests SET job_waiting_until = NULL WHERE id = @Id AND job_waiting_until = @JobWaitingUntil", row);
            }

            await work.CommitAsync(cancellationToken);
            handed++;
        }

        return handed;
    }

    /// <summary>
    /// True when the job's scheduled time on Hangfire's (wall) clock is within two scheduler polls of now. It is far off
    /// when the gateway's clock was moved (tests) or Hangfire's scheduler is not running; then the relay enqueues it.
    /// </summary>
    private bool DueOnHangfiresClockAboutNow(Hangfire.Storage.IStorageConnection hangfire, string jobId)
    {
        var state = hangfire.GetStateData(jobId);
        if (state?.Data is null || !state.Data.TryGetValue("EnqueueAt", out var value) || JobHelper.DeserializeNullableDateTime(value) is not { } enqueueAt)
        {
            return false;
        }

        var wallClock = TimeProvider.System.GetUtcNow().UtcDateTime;
        return (enqueueAt - wallClock).Duration() < SchedulerGrace;
    }

    /// <summary>Rows long overdue with no job waiting are checked once a minute: the next pass re-hands them if their job is gone.</summary>
    private async Task CheckOverdueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE ticket_requests SET job_waiting_until = @now
            WHERE id IN (
                SELECT id FROM ticket_requests
                WHERE state = {Sql.Literal(TicketState.Pending)} AND job_id IS NOT NULL AND job_waiting_until IS NULL AND locked_until IS NULL AND next_attempt_at < @overdue
                ORDER BY next_attempt_at LIMIT {Batch})
            """,
            new { now, overdue = now - s_lostJobCheck },
            cancellationToken: cancellationToken));
    }

    private sealed record Waiting
    {
        public required string Id { get; init; }
        public required string JobId { get; init; }
        public DateTimeOffset JobWaitingUntil { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handing ticket requests to Hangfire failed; retrying")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ticket request {RequestId} handed to Hangfire as job {JobId}")]
    private static partial void LogHanded(ILogger logger, string requestId, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ticket request {RequestId} had lost its job {JobId}; a new one was created")]
    private static partial void LogJobReplaced(ILogger logger, string requestId, string jobId);
}
