using System.Runtime.CompilerServices;
using LiveChat.Gateway.Events;
using LiveChat.Tickets;

namespace LiveChat.Gateway.Tickets;

/// <summary>
/// Turns pending ticket requests into helpdesk tickets. A node claims due requests with a lease
/// (<c>locked_until</c>; on PostgreSQL with FOR UPDATE SKIP LOCKED, so nodes share the queue), builds the
/// <see cref="TicketRequest"/> once and stores it, makes one attempt through the configured
/// <see cref="ITicketSink"/>, and records what <see cref="TicketDispatch.Next"/> decides. A claim whose lease
/// ran out without a recorded outcome (the node died mid-send) counts as ambiguous, so the next attempt
/// looks for the ticket before creating one. Outcomes are fenced by the attempt number: a node whose
/// lease was taken over cannot overwrite the newer attempt.
/// </summary>
public sealed partial class TicketDispatcher(
    Db db,
    IServiceProvider services,
    EventLog events,
    TicketSignal signal,
    IOptions<TicketDispatchOptions> options,
    IOptions<TicketsOptions> tickets,
    IOptions<HostingOptions> hosting,
    TimeProvider time,
    ILogger<TicketDispatcher> logger) : WakeableWorker(signal)
{
    public const string NoHelpdesk = "No helpdesk is configured (Tickets:Provider is empty).";

    private readonly HelpdeskHealthWindow _health = new();
    private readonly SemaphoreSlim _sending = new(Parallelism);
    private long _nextRetryTicks;

    /// <summary>The poll interval, or less when a retry comes due sooner: a quick retry must not wait for the next poll.</summary>
    protected override TimeSpan IdlePoll
    {
        get
        {
            var poll = options.Value.Poll;
            var nextRetry = Volatile.Read(ref _nextRetryTicks);
            var untilRetry = TimeSpan.FromTicks(Math.Max(nextRetry - time.GetUtcNow().UtcTicks, 0));
            return nextRetry != 0 && untilRetry < poll ? untilRetry : poll;
        }
    }

    protected override Task<int> WorkDueAsync(CancellationToken cancellationToken) => DispatchDueAsync(cancellationToken);

    protected override void OnRoundFailed(Exception exception) => LogDispatchFailed(logger, exception);

    /// <summary>Claims and attempts what is due, until nothing is; returns how many requests it attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var sink = services.GetService<ITicketSink>();
        if (sink is null)
        {
            await MarkUnconfiguredAsync(cancellationToken);
            return 0;
        }

        // Taken before the claims: a request that comes due while this round runs still counts as a retry to come,
        // so the idle wait ends at once instead of after a whole poll (the race made a test wait 60 s now and then).
        var checkedAt = time.GetUtcNow();
        var attempted = 0;
        await Parallel.ForEachAsync(
            DueAsync(sink.Provider, cancellationToken),
            // Twice as many requests in hand as are sent: one's database work (building, recording) overlaps another's send.
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism * 2, CancellationToken = cancellationToken },
            async (claim, ct) =>
            {
                Interlocked.Increment(ref attempted);
                await AttemptAsync(sink, claim, ct);
            });
        if (attempted == 0)
        {
            Volatile.Write(ref _nextRetryTicks, (await NextRetryAtAsync(checkedAt, cancellationToken))?.UtcTicks ?? 0);
        }

        return attempted;
    }

    /// <summary>
    /// Claims a batch, and the next one as soon as the last request of this one is taken, until nothing is due: a
    /// sender never waits for the slowest request of a batch (bench scenario 5), and what came due meanwhile (a quick
    /// retry) is claimed in the same pass.
    /// </summary>
    private async IAsyncEnumerable<Claim> DueAsync(string provider, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = await ClaimAsync(provider, cancellationToken);
            if (batch.Count == 0)
            {
                yield break;
            }

            foreach (var claim in batch)
            {
                yield return claim;
            }
        }
    }

    /// <summary>Requests one node sends to the helpdesk at once (the bench's bare loop uses the same).</summary>
    public const int Parallelism = 4;

    /// <summary>The earliest retry still to come (of any node), so that the idle wait ends when it is due.</summary>
    private async Task<DateTimeOffset?> NextRetryAtAsync(DateTimeOffset after, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT MIN(next_attempt_at) FROM ticket_requests WHERE state = 'pending' AND next_attempt_at > @after",
            new { after },
            cancellationToken: cancellationToken));
    }

    /// <summary>Without a helpdesk the requests stay pending (a provider configured later sends them) and say why.</summary>
    private async Task MarkUnconfiguredAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE ticket_requests SET last_error = @error, updated_at = @now WHERE state = 'pending' AND (last_error IS NULL OR last_error <> @error)",
            new { error = NoHelpdesk, now = time.GetUtcNow() },
            cancellationToken: cancellationToken));
    }

    /// <summary>How long a transcript ticket waits for its chat's closing summary before going without it.</summary>
    public static TimeSpan SummaryWait { get; } = TimeSpan.FromSeconds(60);

    private async Task<IReadOnlyList<Claim>> ClaimAsync(string provider, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        // A lease still set on a due row means an attempt started and never recorded its outcome: it may
        // have created the ticket, so the claim makes the request ambiguous.
        var claimed = await work.QueryAsync<Claim>(
            $"""
            UPDATE ticket_requests
            SET locked_until = @leaseEnd, attempts = attempts + 1, provider = @provider, updated_at = @now,
                last_ambiguous = CASE WHEN locked_until IS NOT NULL THEN TRUE ELSE last_ambiguous END
            WHERE id IN (
                SELECT t.id FROM ticket_requests t
                WHERE t.state = 'pending' AND t.next_attempt_at <= @now AND (t.locked_until IS NULL OR t.locked_until < @now)
                  AND NOT (t.request IS NULL AND EXISTS (
                      SELECT 1 FROM summary_jobs s WHERE s.chat_id = t.chat_id AND s.trigger = 'end' AND s.state = 'pending' AND s.created_at > @summaryWait))
                ORDER BY t.next_attempt_at, t.id LIMIT @batch{db.ForUpdateSkipLocked})
            RETURNING id, chat_id, kind, attempts, backoffs, last_ambiguous, request
            """,
            new { now, leaseEnd = now + options.Value.Lease, provider, batch = options.Value.BatchSize, summaryWait = now - SummaryWait });
        var list = claimed.ToList();
        await work.CommitAsync(cancellationToken);
        return list;
    }

    private async ValueTask AttemptAsync(ITicketSink sink, Claim claim, CancellationToken cancellationToken)
    {
        var attempt = new TicketAttempt(claim.Attempts, claim.LastAmbiguous);
        var request = await RequestOfAsync(claim, cancellationToken);
        TicketOutcome outcome;
        if (request is null)
        {
            outcome = new TicketOutcome.Rejected($"Chat '{claim.ChatId}' no longer exists.");
        }
        else
        {
            try
            {
                await _sending.WaitAsync(cancellationToken);
                try
                {
                    outcome = await sink.CreateAsync(request, attempt, cancellationToken);
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
                outcome = new TicketOutcome.Retry($"The {sink.Provider} sink failed unexpectedly ({exception.GetType().Name}).", null, Ambiguous: true);
            }

            _health.Record(answered: outcome is not TicketOutcome.Retry);
        }

        var policy = new TicketRetryPolicy(tickets.Value.MaxAttempts, sink.LookupDelay);
        var next = TicketDispatch.Next(outcome, attempt, claim.Backoffs, _health.Snapshot(), policy, time.GetUtcNow(), Random.Shared.NextDouble());
        await RecordAsync(claim, sink.Provider, next, cancellationToken);
    }

    /// <summary>The stored request, or a new one stored now (before the first send, so a takeover sends the same payload).</summary>
    private async Task<TicketRequest?> RequestOfAsync(Claim claim, CancellationToken cancellationToken)
    {
        if (claim.Request is not null)
        {
            return JsonSerializer.Deserialize(claim.Request, TicketJson.Default.TicketRequest);
        }

        var kind = claim.Kind == "missed" ? TicketKind.Missed : TicketKind.Transcript;
        await using var work = await db.BeginAsync(cancellationToken);
        var built = await TicketRequestBuilder.LoadAsync(work.Connection, claim.ChatId, kind, hosting.Value.PublicBaseUrl, time.GetUtcNow(), cancellationToken);
        if (built is null)
        {
            return null;
        }

        var stored = await work.ScalarAsync<string>(
            "UPDATE ticket_requests SET request = COALESCE(request, @json) WHERE id = @Id RETURNING request",
            new { json = JsonSerializer.Serialize(built, TicketJson.Default.TicketRequest), claim.Id });
        await work.CommitAsync(cancellationToken);
        return stored is null ? built : JsonSerializer.Deserialize(stored, TicketJson.Default.TicketRequest);
    }

    private async Task RecordAsync(Claim claim, string provider, TicketNextStep next, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var pending = new List<NewEvent>();
        await using var work = await db.BeginAsync(cancellationToken);
        var departmentId = await work.ScalarAsync<string>("SELECT department_id FROM chats WHERE id = @ChatId", claim);
        const string Fence = "WHERE id = @Id AND attempts = @Attempts AND state = 'pending'";
        int updated;
        switch (next)
        {
            case TicketNextStep.MarkCreated created:
                updated = await work.ExecuteAsync(
                    $"UPDATE ticket_requests SET state = 'created', external_id = @ExternalId, external_url = @Url, last_error = NULL, locked_until = NULL, updated_at = @now {Fence}",
                    new { created.ExternalId, created.Url, now, claim.Id, claim.Attempts });
                pending.Add(new NewEvent("ticket.created", claim.ChatId, departmentId, null, new
                {
                    id = claim.Id, chatId = claim.ChatId, kind = claim.Kind, provider, externalId = created.ExternalId, url = created.Url, attempts = claim.Attempts,
                }));
                break;
            case TicketNextStep.RetryAt retry:
                updated = await work.ExecuteAsync(
                    $"UPDATE ticket_requests SET next_attempt_at = @At, last_error = @Reason, last_ambiguous = @Ambiguous, backoffs = backoffs + @added, locked_until = NULL, updated_at = @now {Fence}",
                    new { retry.At, retry.Reason, retry.Ambiguous, added = retry.Backoff ? 1 : 0, now, claim.Id, claim.Attempts });
                break;
            case TicketNextStep.MarkFailed failed:
                updated = await work.ExecuteAsync(
                    $"UPDATE ticket_requests SET state = 'failed', last_error = @Reason, last_ambiguous = @Ambiguous, locked_until = NULL, updated_at = @now {Fence}",
                    new { failed.Reason, failed.Ambiguous, now, claim.Id, claim.Attempts });
                pending.Add(new NewEvent("ticket.failed", claim.ChatId, departmentId, null, new
                {
                    id = claim.Id, chatId = claim.ChatId, kind = claim.Kind, provider, error = failed.Reason, attempts = claim.Attempts,
                }));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(next), next, "Unknown ticket step.");
        }

        if (updated == 0)
        {
            // Another node took the request over after our lease ran out; its attempt is the one that counts.
            LogLeaseLost(logger, claim.Id);
            return;
        }

        await events.AppendAsync(work, pending);
        await events.CommitAsync(work, cancellationToken);
        LogRecorded(logger, claim.Id, next.GetType().Name, claim.Attempts);
    }

    private sealed record Claim
    {
        public required string Id { get; init; }
        public required string ChatId { get; init; }
        public required string Kind { get; init; }
        public int Attempts { get; init; }
        public int Backoffs { get; init; }
        public bool LastAmbiguous { get; init; }
        public string? Request { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ticket dispatch failed; retrying")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Provider} ticket sink threw; the request will be retried as ambiguous")]
    private static partial void LogSinkThrew(ILogger logger, string provider, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ticket request {RequestId} was taken over by another node; this attempt's outcome is dropped")]
    private static partial void LogLeaseLost(ILogger logger, string requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket request {RequestId}: {Step} after attempt {Attempt}")]
    private static partial void LogRecorded(ILogger logger, string requestId, string step, int attempt);
}
