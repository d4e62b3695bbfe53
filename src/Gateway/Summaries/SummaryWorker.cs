using LiveChat.Gateway.Chats;

namespace LiveChat.Gateway.Summaries;

/// <summary>Makes the queued automatic summaries, a few at a time, with a lease so that nodes share the work.</summary>
public sealed partial class SummaryWorker(Db db, ChatSummaries summaries, SummarySignal signal, TimeProvider time, ILogger<SummaryWorker> logger) : WakeableWorker(signal)
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan s_lease = TimeSpan.FromMinutes(2);

    protected override Task<int> WorkDueAsync(CancellationToken cancellationToken) => RunDueAsync(cancellationToken);

    protected override void OnRoundFailed(Exception exception) => LogWorkerFailed(logger, exception);

    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<Job> jobs;
        await using (var work = await db.BeginAsync(cancellationToken))
        {
            jobs = [.. await work.QueryAsync<Job>(
                $"""
                UPDATE summary_jobs SET locked_until = @leaseEnd, attempts = attempts + 1
                WHERE id IN (SELECT id FROM summary_jobs WHERE state = {Sql.Literal(SummaryJobState.Pending)} AND next_attempt_at <= @now
                             AND (locked_until IS NULL OR locked_until < @now) ORDER BY id LIMIT 8{db.ForUpdateSkipLocked})
                RETURNING id, chat_id, trigger, language, target_operator_id, attempts
                """,
                new { now, leaseEnd = now + s_lease })];
            await work.CommitAsync(cancellationToken);
        }

        foreach (var job in jobs)
        {
            string state;
            string? error = null;
            try
            {
                await summaries.GenerateAsync(job.ChatId, job.Trigger, job.Language, job.TargetOperatorId, cancellationToken);
                state = SummaryJobState.Done;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                LogJobFailed(logger, job.ChatId, exception);
                error = exception.GetType().Name;
                state = job.Attempts >= MaxAttempts ? SummaryJobState.Failed : SummaryJobState.Pending;
            }

            await using var connection = await db.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE summary_jobs SET state = @state, locked_until = NULL, last_error = @error, next_attempt_at = @next WHERE id = @Id",
                new { state, error, next = time.GetUtcNow().AddSeconds(Math.Pow(2, job.Attempts)), job.Id },
                cancellationToken: cancellationToken));
        }

        return jobs.Count;
    }

    private sealed record Job
    {
        public long Id { get; init; }
        public required string ChatId { get; init; }
        public required string Trigger { get; init; }
        public required string Language { get; init; }
        public string? TargetOperatorId { get; init; }
        public int Attempts { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The summary worker failed; retrying")]
    private static partial void LogWorkerFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Summarising chat {ChatId} failed")]
    private static partial void LogJobFailed(ILogger logger, string chatId, Exception exception);
}

/// <summary>Wakes this node's summary worker after a commit that queued a summary.</summary>
public sealed class SummarySignal : WakeSignal;
