namespace LiveChat.Gateway.Chats;

/// <summary>The visitor's place in the queue and how long they should expect to wait: pure arithmetic.</summary>
public static class QueueEstimate
{
    /// <summary>Assumed per chat until a department has a history of pick-ups.</summary>
    public static readonly TimeSpan DefaultPickup = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Chats ahead are served <paramref name="onlineOperators"/> at a time, each round taking about the department's
    /// recent average time to pick-up; with nobody online the estimate assumes one operator.
    /// </summary>
    public static TimeSpan Wait(int position, int onlineOperators, TimeSpan averagePickup)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 1);
        var rounds = (int)Math.Ceiling(position / (double)Math.Max(1, onlineOperators));
        return averagePickup * rounds;
    }

    /// <summary>The average of recent waits (queued → assigned), or <see cref="DefaultPickup"/> without any.</summary>
    public static TimeSpan AveragePickup(IEnumerable<TimeSpan> recentWaits)
    {
        var waits = recentWaits.Where(w => w >= TimeSpan.Zero).ToList();
        return waits.Count == 0 ? DefaultPickup : TimeSpan.FromSeconds(Math.Max(5, waits.Average(w => w.TotalSeconds)));
    }

    public static string Describe(int position, TimeSpan wait)
    {
        var minutes = (int)Math.Ceiling(wait.TotalMinutes);
        var estimate = minutes <= 1 ? "about a minute" : $"about {minutes} minutes";
        return position == 1
            ? $"You are next in the queue. Estimated wait: {estimate}."
            : $"You are number {position} in the queue. Estimated wait: {estimate}.";
    }
}
