using LiveChat.Tickets;

namespace LiveChat.Tickets.Tests.Dispatch;

public sealed class TicketDispatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly TicketRetryPolicy Zendesk = new(MaxAttempts: 12, LookupDelay: TimeSpan.Zero);
    private static readonly TicketRetryPolicy Searched = new(MaxAttempts: 12, LookupDelay: TimeSpan.FromSeconds(15));

    /// <summary>Bench scenario 5's helpdesk: 20 % 5xx and 10 % lost answers, so most attempts succeed.</summary>
    private static readonly HelpdeskHealth Flaky = new(Successes: 13, Failures: 7);

    private static readonly HelpdeskHealth Down = new(Successes: 1, Failures: 19);

    private static readonly TicketOutcome.Retry ServerError = new("Zendesk answered 500", null, Ambiguous: true);

    [Fact]
    public void FailureOnAHelpdeskAnsweringOthersIsRetriedWithinASecondAndNotCounted()
    {
        var next = Assert.IsType<TicketNextStep.RetryAt>(TicketDispatch.Next(ServerError, new TicketAttempt(9, true), 0, Flaky, Zendesk, Now, 1.0));

        Assert.Equal(Now.AddSeconds(1), next.At);
        Assert.False(next.Backoff);
        Assert.True(next.Ambiguous);
    }

    [Fact]
    public void UnluckyRequestOnAFlakyHelpdeskIsNotFailedAfterMaxAttemptsQuickRetries()
    {
        for (var attempt = 1; attempt <= TicketBackoff.QuickRetries; attempt++)
        {
            var next = Assert.IsType<TicketNextStep.RetryAt>(TicketDispatch.Next(ServerError, new TicketAttempt(attempt, true), 0, Flaky, Zendesk, Now, 1.0));
            Assert.False(next.Backoff, $"attempt {attempt} should be a quick retry");
        }
    }

    [Fact]
    public void FailureWhileTheHelpdeskLooksDownBacksOffExponentially()
    {
        var first = Assert.IsType<TicketNextStep.RetryAt>(TicketDispatch.Next(ServerError, new TicketAttempt(1, false), 0, Down, Zendesk, Now, 1.0));
        var fifth = Assert.IsType<TicketNextStep.RetryAt>(TicketDispatch.Next(ServerError, new TicketAttempt(9, true), 4, Down, Zendesk, Now, 1.0));

        Assert.Equal(Now.AddSeconds(2), first.At);
        Assert.True(first.Backoff);
        Assert.Equal(Now.AddSeconds(32), fifth.At);
    }

    [Fact]
    public void FewOutcomesSayNothingAndTheHelpdeskIsTakenToBeUp()
    {
        Assert.False(HelpdeskHealth.Unknown.LooksDown);
        Assert.False(new HelpdeskHealth(0, HelpdeskHealth.MinimumSample - 1).LooksDown);
        Assert.True(new HelpdeskHealth(0, HelpdeskHealth.MinimumSample).LooksDown);
        Assert.True(new HelpdeskHealth(3, 17).LooksDown);
        Assert.False(new HelpdeskHealth(4, 16).LooksDown);
    }

    [Fact]
    public void RateLimitIsNeverRetriedQuicklyAndRetryAfterIsHonoured()
    {
        var throttled = new TicketOutcome.Retry("Zendesk answered 429", null, Ambiguous: false, Throttled: true);
        var withRetryAfter = throttled with { RetryAfter = TimeSpan.FromSeconds(90) };

        var backedOff = Assert.IsType<TicketNextStep.RetryAt>(TicketDispatch.Next(throttled, new TicketAttempt(1, false), 0, Flaky, Zendesk, Now, 1.0));
        var waited = Assert.IsType<TicketNextStep.RetryAt>(TicketDispatch.Next(withRetryAfter, new TicketAttempt(1, false), 0, Flaky, Zendesk, Now, 1.0));

        Assert.True(backedOff.Backoff);
        Assert.Equal(Now.AddSeconds(2), backedOff.At);
        Assert.Equal(Now.AddSeconds(90), waited.At);
    }

    [Fact]
    public void RetryAfterOfAnUnavailableHelpdeskIsHonouredEvenWhenOthersSucceed()
    {
        var unavailable = new TicketOutcome.Retry("Zendesk answered 503", TimeSpan.FromSeconds(45), Ambiguous: false);

        var next = Assert.IsType<TicketNextStep.RetryAt>(TicketDispatch.Next(unavailable, new TicketAttempt(1, false), 0, Flaky, Zendesk, Now, 0.0));

        Assert.Equal(Now.AddSeconds(45), next.At);
    }

    [Fact]
    public void RequestFailingAloneBacksOffAfterItsQuickRetries()
    {
        var attempt = new TicketAttempt(TicketBackoff.QuickRetries + 1, true);

        var next = Assert.IsType<TicketNextStep.RetryAt>(TicketDispatch.Next(ServerError, attempt, 0, Flaky, Zendesk, Now, 1.0));

        Assert.True(next.Backoff);
        Assert.Equal(Now.AddSeconds(2), next.At);
    }

    [Fact]
    public void RequestIsFailedAtItsLastAllowedBackedOffFailure()
    {
        var eleventh = Assert.IsType<TicketNextStep.RetryAt>(TicketDispatch.Next(ServerError, new TicketAttempt(30, true), 10, Down, Zendesk, Now, 1.0));
        Assert.Equal(Now.AddMinutes(15), eleventh.At);

        var failed = Assert.IsType<TicketNextStep.MarkFailed>(TicketDispatch.Next(ServerError, new TicketAttempt(31, true), 11, Down, Zendesk, Now, 1.0));
        Assert.Equal("Gave up after 31 attempt(s): Zendesk answered 500", failed.Reason);
        Assert.True(failed.Ambiguous);
    }

    [Fact]
    public void QuickRetryDoesNotGiveUpEvenPastMaxAttemptsBackoffs()
    {
        var next = TicketDispatch.Next(ServerError, new TicketAttempt(13, true), 11, Flaky, Zendesk, Now, 1.0);

        Assert.IsType<TicketNextStep.RetryAt>(next);
    }

    [Fact]
    public void AmbiguousRetryWaitsForASearchedHelpdeskToIndexTheTicket()
    {
        var lost = Assert.IsType<TicketNextStep.RetryAt>(TicketDispatch.Next(ServerError, new TicketAttempt(1, false), 0, Flaky, Searched, Now, 1.0));
        var refused = Assert.IsType<TicketNextStep.RetryAt>(TicketDispatch.Next(
            new TicketOutcome.Retry("Freshdesk could not be reached", null, Ambiguous: false), new TicketAttempt(1, false), 0, Flaky, Searched, Now, 1.0));

        Assert.Equal(Now.AddSeconds(15), lost.At);
        Assert.Equal(Now.AddSeconds(1), refused.At);
    }

    [Fact]
    public void AmbiguityStaysUntilTheTicketIsFound()
    {
        var throttled = new TicketOutcome.Retry("429", TimeSpan.FromSeconds(90), Ambiguous: false, Throttled: true);

        var next = Assert.IsType<TicketNextStep.RetryAt>(TicketDispatch.Next(throttled, new TicketAttempt(2, true), 0, Flaky, Zendesk, Now, 0));

        Assert.True(next.Ambiguous);
        Assert.Equal(Now.AddSeconds(90), next.At);
    }

    [Fact]
    public void CreatedAndRejectedAreFinal()
    {
        Assert.Equal(
            new TicketNextStep.MarkCreated("123", "https://x/a/tickets/123"),
            TicketDispatch.Next(new TicketOutcome.Created("123", "https://x/a/tickets/123"), Samples.First, 0, Down, Zendesk, Now, 0));
        Assert.Equal(
            new TicketNextStep.MarkFailed("bad email", false),
            TicketDispatch.Next(new TicketOutcome.Rejected("bad email"), Samples.First, 0, Flaky, Zendesk, Now, 0));
    }

    [Fact]
    public void HealthWindowKeepsTheLastTwentyOutcomes()
    {
        var window = new HelpdeskHealthWindow();
        Assert.Equal(HelpdeskHealth.Unknown, window.Snapshot());

        for (var i = 0; i < HelpdeskHealthWindow.Size; i++)
        {
            window.Record(answered: true);
        }

        for (var i = 0; i < 17; i++)
        {
            window.Record(answered: false);
        }

        Assert.Equal(new HelpdeskHealth(3, 17), window.Snapshot());
        Assert.True(window.Snapshot().LooksDown);
    }
}
