using System.Diagnostics;

namespace LiveChat.Bench;

/// <summary>What one load run measured.</summary>
public sealed record LoadResult(string Name, int Concurrency, double Seconds, long Requests, long Errors, int ItemsPerRequest, double P50Ms, double P99Ms)
{
    /// <summary>CPU milliseconds per request in this process (server and generator), see <see cref="CpuClock"/>.</summary>
    public double? ProcessCpuMsPerRequest { get; init; }

    /// <summary>PostgreSQL's CPU milliseconds per request.</summary>
    public double? PostgresCpuMsPerRequest { get; init; }

    public double? CpuMsPerRequest => ProcessCpuMsPerRequest + PostgresCpuMsPerRequest;

    public double RequestsPerSecond => Requests / Seconds;

    public double ItemsPerSecond => RequestsPerSecond * ItemsPerRequest;
}

/// <summary>
/// Load generators. Closed loop: N workers send back to back for a fixed time (throughput). Paced (open loop):
/// requests are due at a fixed rate and latency counts from when each was due, so a stall is not hidden by the
/// generator waiting for it (no coordinated omission).
/// </summary>
public static class Load
{
    /// <summary>How long each closed-loop run sends before it starts counting (<c>--warmup</c>).</summary>
    public static TimeSpan WarmUp { get; set; } = TimeSpan.FromSeconds(6);

    public static async Task<LoadResult> RunAsync(
        string name, int concurrency, TimeSpan duration, int itemsPerRequest, Func<int, long, CancellationToken, Task<bool>> send, Func<Task>? afterWarmUp = null)
    {
        // A warm-up so JIT and connection pools do not count. It takes seconds: `perf` showed the runtime's tiered
        // compiler still using a fifth of the CPU in the first seconds of a gateway run after a 2-second warm-up.
        await RunWorkersAsync(concurrency, WarmUp, send, null);
        if (afterWarmUp is not null)
        {
            await afterWarmUp();
        }

        var latencies = new Latencies();
        var cpuBefore = await CpuClock.SampleAsync();
        var clock = Stopwatch.StartNew();
        var (requests, errors) = await RunWorkersAsync(concurrency, duration, send, latencies);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = CpuClock.Between(cpuBefore, await CpuClock.SampleAsync());
        return new LoadResult(name, concurrency, seconds, requests, errors, itemsPerRequest, latencies.Percentile(0.50), latencies.Percentile(0.99))
        {
            ProcessCpuMsPerRequest = cpu?.Process / Math.Max(1, requests),
            PostgresCpuMsPerRequest = cpu?.Postgres / Math.Max(1, requests),
        };
    }

    /// <summary>
    /// Sends <paramref name="requestsPerSecond"/> requests a second for <paramref name="duration"/>, at most
    /// <paramref name="maxInFlight"/> at once; <paramref name="send"/> gets the sequence number and the timestamp it was due.
    /// </summary>
    public static async Task<LoadResult> PacedAsync(
        string name, double requestsPerSecond, TimeSpan duration, int itemsPerRequest, int maxInFlight, Func<long, long, Task<bool>> send)
    {
        var latencies = new Latencies();
        var total = (long)(requestsPerSecond * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / requestsPerSecond;
        long next = -1;
        long errors = 0;
        long done = 0;
        var start = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, maxInFlight).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var sequence = Interlocked.Increment(ref next);
                if (sequence >= total)
                {
                    return;
                }

                var due = start + (long)(sequence * interval);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                bool ok;
                try
                {
                    ok = await send(sequence, due);
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }

                latencies.Add(Stopwatch.GetElapsedTime(due).TotalMilliseconds);
                Interlocked.Increment(ref done);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        await Task.WhenAll(workers);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new LoadResult(name, maxInFlight, seconds, done, errors, itemsPerRequest, latencies.Percentile(0.50), latencies.Percentile(0.99));
    }

    private static async Task<(long Requests, long Errors)> RunWorkersAsync(
        int concurrency, TimeSpan duration, Func<int, long, CancellationToken, Task<bool>> send, Latencies? latencies)
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

                latencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
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
}

/// <summary>A thread-safe latency histogram: 0.1 ms buckets up to 60 s, so millions of samples cost no memory.</summary>
public sealed class Latencies
{
    private const double BucketMs = 0.1;
    private readonly long[] _buckets = new long[600_001];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add(double milliseconds)
    {
        var bucket = (int)Math.Clamp(milliseconds / BucketMs, 0, _buckets.Length - 1);
        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Increment(ref _count);
    }

    public double Percentile(double p)
    {
        var count = Count;
        if (count == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(p * count);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank)
            {
                return (i + 1) * BucketMs;
            }
        }

        return _buckets.Length * BucketMs;
    }
}
