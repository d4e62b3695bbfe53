using LiveChat.Gateway.Webhooks;

namespace LiveChat.Gateway.Tests.Webhooks;

/// <summary>The retry rule of chat webhooks, as a pure decision.</summary>
public sealed class WebhookRetryTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly WebhookOptions s_options = new() { MaxAttempts = 3, RetryBaseSeconds = 2, RetryMaxSeconds = 60 };

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(408)]
    [InlineData(429)]
    public void ServerErrorsAndThrottlingAreRetriedWithBackoff(int status)
    {
        var decision = WebhookRetry.Decide(new DeliveryOutcome.Answered(status, null), attempt: 2, s_options, s_now, jitterSample: 1);

        Assert.Equal(new DeliveryDecision.RetryAt(s_now.AddSeconds(4), $"HTTP {status}"), decision);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(422)]
    public void OtherClientErrorsAreGivenUpAtOnce(int status) =>
        Assert.IsType<DeliveryDecision.GiveUp>(WebhookRetry.Decide(new DeliveryOutcome.Answered(status, null), 1, s_options, s_now, 0));

    [Fact]
    public void RetryAfterLongerThanTheBackoffIsHonoured() =>
        Assert.Equal(
            s_now.AddSeconds(90),
            Assert.IsType<DeliveryDecision.RetryAt>(WebhookRetry.Decide(new DeliveryOutcome.Answered(429, TimeSpan.FromSeconds(90)), 1, s_options, s_now, 0)).At);

    [Fact]
    public void TimeoutIsRetriedUntilTheLastAttemptThenGivenUp()
    {
        Assert.IsType<DeliveryDecision.RetryAt>(WebhookRetry.Decide(new DeliveryOutcome.NoAnswer("no answer"), 2, s_options, s_now, 0));
        Assert.IsType<DeliveryDecision.GiveUp>(WebhookRetry.Decide(new DeliveryOutcome.NoAnswer("no answer"), 3, s_options, s_now, 0));
    }

    [Fact]
    public void AcceptedMovesOn() =>
        Assert.IsType<DeliveryDecision.MoveOn>(WebhookRetry.Decide(new DeliveryOutcome.Accepted(), 1, s_options, s_now, 0));
}
