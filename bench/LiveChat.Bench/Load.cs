using System.Diagnostics;

namespace LiveChat.Bench;

/// <summary>What one load run measured.</summary>
public sealed record LoadResult(string Name, int Concurrency, double Seconds, long Requests, long Errors, int ItemsPerRequest, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Seconds;

    public double ItemsPerSecond => RequestsPerSecond * ItemsPerRequest;
}

/// <summary>A closed-loop load generator: N workers send back to back for a fixed time; latencies kept in memory.</summary>
public static class Load
{
    public static async Task<LoadResult> RunAsync(
        string name, int concurrency, TimeSpan duration, int itemsPerRequest, Func<int, long, CancellationToken, Task<bool>> send)
    {
        // A short warm-up so JIT and connection pools do not count.
        await RunWorkersAsync(concurrency, TimeSpan.FromSeconds(2), send, null);
        var latencies = new List<double>[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            latencies[i] = new List<double>(100_000);
        }

        var clock = Stopwatch.StartNew();
        var (requests, errors) = await RunWorkersAsync(concurrency, duration, send, latencies);
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, concurrency, seconds, requests, errors, itemsPerRequest, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static async Task<(long Requests, long Errors)> RunWorkersAsync(
        int concurrency, TimeSpan duration, Func<int, long, CancellationToken, Task<bool>> send, List<double>[]? latencies)
    {
        using var stop = new CancellationTokenSource(duration);
        long requests = 0;
        long errors = 0;
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            long sequence = 0;
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await send(worker, sequence++, CancellationToken.None);
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }

                latencies?[worker].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref requests);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        await Task.WhenAll(workers);
        return (requests, errors);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
