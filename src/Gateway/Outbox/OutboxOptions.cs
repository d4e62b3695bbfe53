namespace LiveChat.Gateway.Outbox;

public sealed record OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Attempts before a message is marked failed for good.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>How long a node owns a claimed message before another may take it over.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    public int BatchSize { get; init; } = 32;

    /// <summary>Channels whose clients fetch messages themselves (Direct Line): stored means sent.</summary>
    public IReadOnlyList<string> PullChannels { get; init; } = ["webchat", "directline"];
}
