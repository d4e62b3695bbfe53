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
    public void DelayDoublesPerAttemptAndJitterKeepsHalfToAll(int attempt, double jitter, int expectedSeconds)
    {
        Assert.Equal(Now.AddSeconds(expectedSeconds), TicketBackoff.NextAttemptAt(attempt, Now, null, jitter));
    }

    [Fact]
    public void DelayIsCappedAtFifteenMinutes()
    {
        Assert.Equal(Now.AddMinutes(15), TicketBackoff.NextAttemptAt(30, Now, null, 1.0));
    }

    [Fact]
    public void RetryAfterIsTheEarliestNextAttempt()
    {
        Assert.Equal(Now.AddMinutes(40), TicketBackoff.NextAttemptAt(1, Now, TimeSpan.FromMinutes(40), 0.5));
        Assert.Equal(Now.AddSeconds(2), TicketBackoff.NextAttemptAt(1, Now, TimeSpan.FromSeconds(1), 1.0));
    }

    [Fact]
    public void RetryIsScheduledUntilTheLastAttemptThenFails()
    {
        var retry = new TicketOutcome.Retry("Zendesk answered 500", null, Ambiguous: false);

        var next = Assert.IsType<TicketNextStep.RetryAt>(TicketDispatch.Next(retry, new TicketAttempt(11, false), 12, Now, 1.0));
        Assert.Equal(Now.AddMinutes(15), next.At);

        var failed = Assert.IsType<TicketNextStep.MarkFailed>(TicketDispatch.Next(retry, new TicketAttempt(12, false), 12, Now, 1.0));
        Assert.Equal("Gave up after 12 attempt(s): Zendesk answered 500", failed.Reason);
    }

    [Fact]
    public void AmbiguityStaysUntilTheTicketIsFound()
    {
        var throttled = new TicketOutcome.Retry("429", TimeSpan.FromSeconds(90), Ambiguous: false);

        var next = Assert.IsType<TicketNextStep.RetryAt>(TicketDispatch.Next(throttled, new TicketAttempt(2, true), 8, Now, 0));
        Assert.True(next.Ambiguous);
        Assert.Equal(Now.AddSeconds(90), next.At);
    }

    [Fact]
    public void CreatedAndRejectedAreFinal()
    {
        Assert.Equal(
            new TicketNextStep.MarkCreated("123", "https://x/a/tickets/123"),
            TicketDispatch.Next(new TicketOutcome.Created("123", "https://x/a/tickets/123"), Samples.First, 8, Now, 0));
        Assert.Equal(
            new TicketNextStep.MarkFailed("bad email", false),
            TicketDispatch.Next(new TicketOutcome.Rejected("bad email"), Samples.First, 8, Now, 0));
    }
}
