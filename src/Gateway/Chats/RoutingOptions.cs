namespace LiveChat.Gateway.Chats;

/// <summary>The routing and timer settings (section "Routing"); docs/routing.md explains each.</summary>
public sealed record RoutingOptions
{
    public const string Section = "Routing";

    /// <summary>A queued chat nobody picked up within this long becomes missed.</summary>
    public int MissedAfterSeconds { get; init; } = 120;

    /// <summary>An active chat whose visitor has been silent this long is ended.</summary>
    public int IdleEndAfterMinutes { get; init; } = 30;

    /// <summary>A transfer the target has not answered within this long returns to the sender.</summary>
    public int TransferTimeoutSeconds { get; init; } = 60;

    /// <summary>An invitation the invited operator has not answered within this long lapses.</summary>
    public int InviteTimeoutSeconds { get; init; } = 60;

    /// <summary>In roundRobin/leastLoaded departments, an offer not accepted within this long goes to the next operator.</summary>
    public int OfferTimeoutSeconds { get; init; } = 30;

    /// <summary>How often the timer jobs sweep.</summary>
    public int SweepIntervalMilliseconds { get; init; } = 1000;

    internal static IEnumerable<string> Problems(RoutingOptions o)
    {
        if (o.MissedAfterSeconds < 10)
        {
            yield return "Routing:MissedAfterSeconds must be at least 10.";
        }

        if (o.IdleEndAfterMinutes < 1)
        {
            yield return "Routing:IdleEndAfterMinutes must be at least 1.";
        }

        if (o.TransferTimeoutSeconds < 5)
        {
            yield return "Routing:TransferTimeoutSeconds must be at least 5.";
        }

        if (o.InviteTimeoutSeconds < 5)
        {
            yield return "Routing:InviteTimeoutSeconds must be at least 5.";
        }

        if (o.OfferTimeoutSeconds < 5)
        {
            yield return "Routing:OfferTimeoutSeconds must be at least 5.";
        }

        if (o.SweepIntervalMilliseconds is < 100 or > 60_000)
        {
            yield return "Routing:SweepIntervalMilliseconds must be between 100 and 60000.";
        }
    }
}
