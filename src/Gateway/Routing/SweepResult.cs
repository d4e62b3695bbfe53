namespace LiveChat.Gateway.Routing;

/// <summary>What one sweep changed.</summary>
public sealed record SweepResult(int Ended, int Missed, int Idle, int RequestsExpired, int Offers)
{
    public int Total => Ended + Missed + Idle + RequestsExpired + Offers;
}
