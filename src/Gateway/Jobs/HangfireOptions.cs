using System.ComponentModel.DataAnnotations;

namespace LiveChat.Gateway.Jobs;

/// <summary>Section <c>Hangfire</c>: where the jobs are kept and how a node runs them.</summary>
public sealed record HangfireOptions
{
    public const string Section = "Hangfire";

    /// <summary>PostgreSQL schema of Hangfire's tables (created by Hangfire.PostgreSql at start-up, beside ours).</summary>
    [Required, RegularExpression("^[a-z_][a-z0-9_]{0,62}$", ErrorMessage = "Hangfire:SchemaName must be a lower-case PostgreSQL identifier.")]
    public string SchemaName { get; init; } = "hangfire";

    /// <summary>
    /// Jobs a node runs at once. Ticket jobs send at most <c>TicketJob.Parallelism</c> (4) of them to the helpdesk at a
    /// time; the other workers claim, build and record theirs meanwhile, so that the helpdesk always has 4 requests to
    /// answer (with 8, each worker's own database work left the sends idle for a third of the time).
    /// </summary>
    [Range(1, 100)]
    public int WorkerCount { get; init; } = 16;

    /// <summary>How often a node moves jobs whose scheduled time has come (ticket retries, 0.5–1 s after a failure) into the queue.</summary>
    [Range(100, 60_000)]
    public int SchedulePollingMilliseconds { get; init; } = 250;

    /// <summary>
    /// How long after its node stopped renewing it a fetched job is given to another worker (a node killed mid-job). A
    /// running job renews it in the background (Hangfire.PostgreSql's sliding invisibility timeout), so it only needs to
    /// outlast a node's pause, not a job. A dead node's distributed locks (a job's state lock, the scheduler's) are taken
    /// over after the same time.
    /// </summary>
    [Range(10, 86_400)]
    public int InvisibilityTimeoutSeconds { get; init; } = 60;

    /// <summary>How often an idle worker looks at the PostgreSQL queue for jobs another node created (this node's own wake it at once).</summary>
    [Range(100, 60_000)]
    public int QueuePollMilliseconds { get; init; } = 1000;
}
