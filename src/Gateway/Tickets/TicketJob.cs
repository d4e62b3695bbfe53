using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using LiveChat.Tickets;

namespace LiveChat.Gateway.Tickets;

/// <summary>
/// The Hangfire job of one ticket request: one attempt per run. A run claims the request row with a lease
/// (<c>locked_until</c>) and the attempt number, sends it through the configured <see cref="ITicketSink"/>, and records
/// what <see cref="TicketDispatch.Next"/> decides; a retry reschedules this same job (<see cref="TicketRetriesAttribute"/>),
/// so a request has one job for its whole life. The row stays the truth: a run that finds the request not due yet, or
/// another run's lease, reschedules itself for then; a run that finds another job recorded for the request stops (a
/// spare left by a relay that died mid-hand-over). A lease that ran out without an outcome (the node died mid-send)
/// makes the request ambiguous, so the next attempt looks for the ticket before creating one; outcomes are fenced by the
/// attempt number, so a run whose lease was taken over cannot overwrite the newer attempt.
/// </summary>
[AutomaticRetry(Attempts = 0, LogEvents = false)]
[TicketRetries]
public sealed partial class TicketJob(
    Db db,
    TicketRecorder recorder,
    TicketSending sending,
    IOptions<TicketDispatchOptions> options,
    IOptions<TicketsOptions> tickets,
    TimeProvider time,
    ILogger<TicketJob> logger,
    ITicketSink? sink = null)
{
    /// <summary>Requests one node sends to the helpdesk at once (the bench's bare loop uses the same).</summary>
    public const int Parallelism = 4;

    /// <summary>How long a transcript ticket waits for its chat's closing summary before going without it.</summary>
    public static TimeSpan SummaryWait { get; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a request waiting for its chat's closing summary looks again.</summary>
    private static readonly TimeSpan s_summaryPoll = TimeSpan.FromSeconds(1);

    private readonly HelpdeskHealthWindow _health = sending.Health;
    private readonly SemaphoreSlim _sending = sending.Slots;

    /// <summary>The job for a request, as the relay creates it.</summary>
    public static Job For(string requestId) => Job.FromExpression<TicketJob>(j => j.RunAsync(requestId, null, CancellationToken.None));

    [JobDisplayName("Ticket request {0}")]
    public async Task RunAsync(string requestId, PerformContext? context, CancellationToken cancellationToken)
    {
        var jobId = context?.BackgroundJob.Id ?? throw new InvalidOperationException("Hangfire runs this job with its PerformContext.");
        if (sink is null)
        {
            // A job left from a configuration with a helpdesk: the relay hands the request again once one is configured.
            await TicketRelay.MarkUnconfiguredAsync(db, time.GetUtcNow(), cancellationToken);
            return;
        }

        LogRun(logger, requestId, jobId);
        var claim = await ClaimAsync(requestId, jobId, sink.Provider, cancellationToken);
        if (claim is null)
        {
            await WaitOrStopAsync(requestId, jobId, cancellationToken);
            return;
        }

        var attempt = new TicketAttempt(claim.Attempts, claim.LastAmbiguous);
        var request = await recorder.RequestOfAsync(claim, cancellationToken);
        TicketOutcome outcome;
        if (request is null)
        {
            outcome = new TicketOutcome.Rejected($"Chat '{claim.ChatId}' no longer exists.");
        }
        else
        {
            outcome = await SendAsync(sink, request, attempt, cancellationToken);
            _health.Record(answered: outcome is not TicketOutcome.Retry);
        }

        var now = time.GetUtcNow();
        var policy = new TicketRetryPolicy(tickets.Value.MaxAttempts, sink.LookupDelay);
        var next = TicketDispatch.Next(outcome, attempt, claim.Backoffs, _health.Snapshot(), policy, now, Random.Shared.NextDouble());
        if (!await recorder.RecordAsync(claim, sink.Provider, next, cancellationToken))
        {
            return;
        }

        switch (next)
        {
            case TicketNextStep.RetryAt retry:
                throw new TicketRetryLater(retry.At - now, retry.Reason);
            case TicketNextStep.MarkFailed failed:
                throw new TicketGaveUp(failed.Reason);
        }
    }

    private async Task<TicketOutcome> SendAsync(ITicketSink sink, TicketRequest request, TicketAttempt attempt, CancellationToken cancellationToken)
    {
        try
        {
            await _sending.WaitAsync(cancellationToken);
            try
            {
                return await sink.CreateAsync(request, attempt, cancellationToken);
            }
            finally
            {
                _sending.Release();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Sinks report HTTP failures as outcomes; anything else is unknown, so it may have created the ticket.
            LogSinkThrew(logger, sink.Provider, exception);
            return new TicketOutcome.Retry($"The {sink.Provider} sink failed unexpectedly ({exception.GetType().Name}).", null, Ambiguous: true);
        }
    }

    /// <summary>
    /// Takes the request for one attempt if it is due, not leased by another run, and not waiting for its chat's closing
    /// summary. A lease still set means an attempt started and never recorded its outcome: it may have created the
    /// ticket, so the claim makes the request ambiguous.
    /// </summary>
    private async Task<TicketClaim?> ClaimAsync(string requestId, string jobId, string provider, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var claim = await work.SingleOrDefaultAsync<TicketClaim>(
            $"""
            UPDATE ticket_requests
            SET locked_until = @leaseEnd, attempts = attempts + 1, provider = @provider, updated_at = @now, job_id = @jobId, job_waiting_until = NULL,
                last_ambiguous = CASE WHEN locked_until IS NOT NULL THEN TRUE ELSE last_ambiguous END
            WHERE id = @requestId AND state = {Sql.Literal(TicketState.Pending)} AND (job_id IS NULL OR job_id = @jobId)
              AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until < @now)
              AND NOT (request IS NULL AND EXISTS (
                  SELECT 1 FROM summary_jobs s WHERE s.chat_id = ticket_requests.chat_id AND s.trigger = 'end' AND s.state = {Sql.Literal(SummaryJobState.Pending)} AND s.created_at > @summaryWait))
            RETURNING id, chat_id, kind, attempts, backoffs, last_ambiguous, request
            """,
            new { requestId, jobId, provider, now, leaseEnd = now + options.Value.Lease, summaryWait = now - SummaryWait });
        await work.CommitAsync(cancellationToken);
        return claim;
    }

    /// <summary>
    /// The request could not be claimed: it is done, another job acts for it, or it is not due yet (a retry time, another
    /// run's lease, its chat's closing summary); then this job reschedules itself for that time.
    /// </summary>
    private async Task WaitOrStopAsync(string requestId, string jobId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.SingleOrDefaultAsync<RowState>(
            "SELECT state, job_id, next_attempt_at, locked_until FROM ticket_requests WHERE id = @requestId", new { requestId });
        if (row is null || row.State != TicketState.Pending || (row.JobId is not null && row.JobId != jobId))
        {
            return;
        }

        var at = row.LockedUntil is { } lease && lease > row.NextAttemptAt ? lease : row.NextAttemptAt;
        var reason = at == row.NextAttemptAt ? "Not due yet." : "Another run of this request holds its lease.";
        if (at <= now)
        {
            at = now + s_summaryPoll;
            reason = "Waiting for the chat's closing summary.";
        }

        await work.ExecuteAsync(
            $"UPDATE ticket_requests SET job_id = @jobId, job_waiting_until = @at WHERE id = @requestId AND state = {Sql.Literal(TicketState.Pending)} AND (job_id IS NULL OR job_id = @jobId)",
            new { requestId, jobId, at });
        await work.CommitAsync(cancellationToken);
        LogWaiting(logger, requestId, reason, at);
        throw new TicketRetryLater(at - now, reason);
    }

    private sealed record RowState
    {
        public required string State { get; init; }
        public string? JobId { get; init; }
        public DateTimeOffset NextAttemptAt { get; init; }
        public DateTimeOffset? LockedUntil { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ticket request {RequestId}: a run of job {JobId}")]
    private static partial void LogRun(ILogger logger, string requestId, string jobId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ticket request {RequestId} waits until {At}: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string requestId, string reason, DateTimeOffset at);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Provider} ticket sink threw; the request will be retried as ambiguous")]
    private static partial void LogSinkThrew(ILogger logger, string provider, Exception exception);
}

/// <summary>A request as one run of its job claimed it.</summary>
public sealed record TicketClaim
{
    public required string Id { get; init; }
    public required string ChatId { get; init; }
    public required string Kind { get; init; }
    public int Attempts { get; init; }
    public int Backoffs { get; init; }
    public bool LastAmbiguous { get; init; }
    public string? Request { get; init; }
}
