namespace LiveChat.Gateway.Bots;

public sealed record BotDeliveryOptions
{
    public const string Section = "BotDelivery";

    /// <summary>Attempts per activity; after the last one a customer's chat goes to the human queue.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before the next attempt, times the attempt number.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the bot may take to answer one POST (its turn, callbacks included).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);
}
