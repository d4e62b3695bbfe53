namespace LiveChat.Testing;

/// <summary>
/// The one way tests wait for something another thread, node or process does: probe until a condition holds, or fail
/// after a timeout with a message naming what was awaited and what was last seen.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan s_longestPause = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task Until(string what, Func<Task<bool>> condition, TimeSpan? timeout = null) =>
        Until(what, condition, done => done, timeout);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task Until(string what, Func<bool> condition, TimeSpan? timeout = null) =>
        Until(what, () => Task.FromResult(condition()), done => done, timeout);

    /// <summary>Probes until what <paramref name="probe"/> returns satisfies <paramref name="done"/>; returns that value.</summary>
    public static Task<T> Until<T>(string what, Func<T> probe, Func<T, bool> done, TimeSpan? timeout = null) =>
        Until(what, () => Task.FromResult(probe()), done, timeout);

    /// <summary>Probes until what <paramref name="probe"/> returns satisfies <paramref name="done"/>; returns that value.</summary>
    public static async Task<T> Until<T>(string what, Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        var pause = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var seen = await probe();
            if (done(seen))
            {
                return seen;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {what}; last seen: {Describe(seen)}.");
            }

            await Task.Delay(pause);
            pause = pause * 2 < s_longestPause ? pause * 2 : s_longestPause;
        }
    }

    private static string Describe<T>(T seen) => seen switch
    {
        null => "nothing",
        string text => $"'{text}'",
        System.Collections.IEnumerable items => $"[{string.Join(", ", items.Cast<object?>())}]",
        _ => seen.ToString() ?? "nothing",
    };
}
