using LiveChat.Gateway.Events;
using LiveChat.Tickets;

namespace LiveChat.Gateway.Tickets;

/// <summary>The ticket job's database work around the send: the payload it sends, and the outcome it records.</summary>
public sealed partial class TicketRecorder(Db db, IOptions<HostingOptions> hosting, TimeProvider time, ILogger<TicketRecorder> logger)
{
    /// <summary>The stored request, or a new one stored now (before the first send, so a takeover sends the same payload).</summary>
    public async Task<TicketRequest?> RequestOfAsync(TicketClaim claim, CancellationToken cancellationToken)
    {
        if (claim.Request is not null)
        {
            return JsonSerializer.Deserialize(claim.Request, TicketJson.Default.TicketRequest);
        }

        var kind = claim.Kind == TicketRequestKind.Missed ? TicketKind.Missed : TicketKind.Transcript;
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

    /// <summary>
    /// Records the step in one transaction with its event, if the row is still at the attempt this run claimed; false
    /// when another run took the request over after this run's lease ran out (its attempt is the one that counts).
    /// </summary>
    public async Task<bool> RecordAsync(TicketClaim claim, string provider, TicketNextStep next, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var departmentId = await work.ScalarAsync<string>("SELECT department_id FROM chats WHERE id = @ChatId", claim);
        var fence = $"WHERE id = @Id AND attempts = @Attempts AND state = {Sql.Literal(TicketState.Pending)}";
        int updated;
        switch (next)
        {
            case TicketNextStep.MarkCreated created:
                updated = await work.ExecuteAsync(
                    $"UPDATE ticket_requests SET state = {Sql.Literal(TicketState.Created)}, external_id = @ExternalId, external_url = @Url, last_error = NULL, locked_until = NULL, updated_at = @now {fence}",
                    new { created.ExternalId, created.Url, now, claim.Id, claim.Attempts });
                work.Raise(
                    new TicketCreated(claim.Id, claim.ChatId, claim.Kind, provider, created.ExternalId, created.Url, claim.Attempts), EventRoute.Chat(claim.ChatId, departmentId));
                break;
            case TicketNextStep.RetryAt retry:
                // job_waiting_until: the job is rescheduled for then; past it, the relay re-hands a job that did not run.
                updated = await work.ExecuteAsync(
                    $"UPDATE ticket_requests SET next_attempt_at = @At, job_waiting_until = @At, last_error = @Reason, last_ambiguous = @Ambiguous, backoffs = backoffs + @added, locked_until = NULL, updated_at = @now {fence}",
                    new { retry.At, retry.Reason, retry.Ambiguous, added = retry.Backoff ? 1 : 0, now, claim.Id, claim.Attempts });
                break;
            case TicketNextStep.MarkFailed failed:
                updated = await work.ExecuteAsync(
                    $"UPDATE ticket_requests SET state = {Sql.Literal(TicketState.Failed)}, last_error = @Reason, last_ambiguous = @Ambiguous, locked_until = NULL, updated_at = @now {fence}",
                    new { failed.Reason, failed.Ambiguous, now, claim.Id, claim.Attempts });
                work.Raise(new TicketFailed(claim.Id, claim.ChatId, claim.Kind, provider, failed.Reason, claim.Attempts), EventRoute.Chat(claim.ChatId, departmentId));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(next), next, "Unknown ticket step.");
        }

        if (updated == 0)
        {
            LogLeaseLost(logger, claim.Id);
            return false;
        }

        await work.CommitAsync(cancellationToken);
        LogRecorded(logger, claim.Id, next.GetType().Name, claim.Attempts);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ticket request {RequestId} was taken over by another run; this attempt's outcome is dropped")]
    private static partial void LogLeaseLost(ILogger logger, string requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket request {RequestId}: {Step} after attempt {Attempt}")]
    private static partial void LogRecorded(ILogger logger, string requestId, string step, int attempt);
}
