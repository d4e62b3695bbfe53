using System.ComponentModel.DataAnnotations;

namespace LiveChat.Gateway.Jobs;

/// <summary>Section <c>Hangfire</c>: where the jobs are kept and how a node runs them.</summary>
public sealed record HangfireOptions
{
    public const string Section = "Hangfire";

    /// <summary>PostgreSQL schema of Hangfire's tables (created by Hangfire.PostgreSql at start-up, beside ours).</summary>
    [Required, RegularExpression("^[a-z_][a-z0-9_]{0,62}$", ErrorMessage = "Hangfire:SchemaName must be a lower-case PostgreSQL identifier.")]
    public string SchemaName { get; init; } = "hangfire";

    /// <summary>Jobs a node runs at once (ticket jobs send at most <c>TicketJob.Parallelism</c> of them to the helpdesk at a time).</summary>
    [Range(1, 100)]
    public int WorkerCount { get; init; } = 8;

    /// <summary>How often a node moves jobs whose scheduled time has come (ticket retries) into the queue.</summary>
    [Range(100, 60_000)]
    public int SchedulePollingMilliseconds { get; init; } = 1000;

    /// <summary>How often an idle worker looks at the PostgreSQL queue for jobs another node created (this node's own wake it at once).</summary>
    [Range(100, 60_000)]
    public int QueuePollMilliseconds { get; init; } = 1000;
}
