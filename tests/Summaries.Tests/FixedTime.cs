namespace LiveChat.Summaries.Tests;

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Now = new(2026, 5, 1, 11, 0, 0, TimeSpan.Zero);

    public FixedTime()
        : this(Now)
    {
    }

    public override DateTimeOffset GetUtcNow() => now;
}
