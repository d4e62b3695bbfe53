using LiveChat.Tickets;

namespace LiveChat.Tickets.Tests.Dispatch;

public sealed class TicketBackoffTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 0.0, 1)]
    [InlineData(1, 1.0, 2)]
    [InlineData(2, 1.0, 4)]
    [InlineData(3, 0.0, 4)]
    [InlineData(4, 1.0, 16)]
    [InlineData(10, 1.0, 900)]
    public void BackoffDoublesPerBackedOffRetryAndJitterKeepsHalfToAll(int backoff, double jitter, int expectedSeconds)
    {
        Assert.Equal(Now.AddSeconds(expectedSeconds), TicketBackoff.BackoffAt(backoff, Now, null, jitter));
    }

    [Fact]
    public void BackoffIsCappedAtFifteenMinutes()
    {
        Assert.Equal(Now.AddMinutes(15), TicketBackoff.BackoffAt(30, Now, null, 1.0));
    }

    [Fact]
    public void QuickRetryComesWithinASecond()
    {
        Assert.Equal(Now.AddMilliseconds(500), TicketBackoff.QuickAt(Now, null, 0.0));
        Assert.Equal(Now.AddSeconds(1), TicketBackoff.QuickAt(Now, null, 1.0));
    }

    [Fact]
    public void RetryAfterIsTheEarliestNextAttempt()
    {
        Assert.Equal(Now.AddMinutes(40), TicketBackoff.BackoffAt(1, Now, TimeSpan.FromMinutes(40), 0.5));
        Assert.Equal(Now.AddSeconds(2), TicketBackoff.BackoffAt(1, Now, TimeSpan.FromSeconds(1), 1.0));
        Assert.Equal(Now.AddSeconds(30), TicketBackoff.QuickAt(Now, TimeSpan.FromSeconds(30), 1.0));
    }
}
