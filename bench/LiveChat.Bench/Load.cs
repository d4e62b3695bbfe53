using System.Diagnostics;
using System.Runtime;

namespace LiveChat.Bench;

/// <summary>What one load run measured.</summary>
public sealed record LoadResult(string Name, int Concurrency, double Seconds, long Requests, long Errors, int ItemsPerRequest, double P50Ms, double P99Ms)
{
    /// <summary>How long the run sent before it started counting (see <see cref="Load.WarmUp"/>).</summary>
    public double? WarmUpSeconds { get; init; }

    /// <summary>CPU milliseconds per request in this process (server and generator), see <see cref="CpuClock"/>.</summary>
    public double? ProcessCpuMsPerRequest { get; init; }

    /// <summary>PostgreSQL's CPU milliseconds per request.</summary>
    public double? PostgresCpuMsPerRequest { get; init; }

    public double? CpuMsPerRequest => ProcessCpuMsPerRequest + PostgresCpuMsPerRequest;

    public double RequestsPerSecond => Requests / Seconds;

    /// <summary>Requests answered with success, a second.</summary>
    public double SucceededPerSecond => (Requests - Errors) / Seconds;

    public double ItemsPerSecond => RequestsPerSecond * ItemsPerRequest;
}

/// <summary>
/// Load generators. Closed loop: N workers send back to back for a fixed time (throughput). Paced (open loop):
/// requests are due at a fixed rate and latency counts from when each was due, so a stall is not hidden by the
/// generator waiting for it (no coordinated omission).
/// </summary>
public static class Load
{
    /// <summary>How long each run sends at least before it starts counting (<c>--warmup</c>).</summary>
    public static TimeSpan WarmUp { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>The longest a warm-up goes on waiting for the JIT to settle (<c>--warmup-limit</c>).</summary>
    public static TimeSpan WarmUpLimit { get; set; } = TimeSpan.FromSeconds(60);

    // The JIT has settled when it used less than this share of one core over the last second.
    private const double JitSettled = 0.02;

    public static async Task<LoadResult> RunAsync(
        string name, int concurrency, TimeSpan duration, int itemsPerRequest, Func<int, long, CancellationToken, Task<bool>> send, Func<Task>? afterWarmUp = null)
    {
        // Each worker's sequence goes on from slice to slice and into the timed run: a request is never a resend of a
        // warm-up's (starting every slice at 0 made half of scenario 1's timed run redeliveries, the cheap path).
        var sequences = new long[concurrency];
        var warmedUp = await WarmUpAsync(slice => RunWorkersAsync(concurrency, slice, send, sequences, null));
        if (afterWarmUp is not null)
        {
            await afterWarmUp();
        }

        var latencies = new Latencies();
        var cpuBefore = await CpuClock.SampleAsync();
        var clock = Stopwatch.StartNew();
        var (requests, errors) = await RunWorkersAsync(concurrency, duration, send, sequences, latencies);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = CpuClock.Between(cpuBefore, await CpuClock.SampleAsync());
        return new LoadResult(name, concurrency, seconds, requests, errors, itemsPerRequest, latencies.Percentile(0.50), latencies.Percentile(0.99))
        {
            WarmUpSeconds = warmedUp.TotalSeconds,
            ProcessCpuMsPerRequest = cpu?.Process / Math.Max(1, requests),
            PostgresCpuMsPerRequest = cpu?.Postgres / Math.Max(1, requests),
        };
    }

    /// <summary>
    /// Sends <paramref name="requestsPerSecond"/> requests a second for <paramref name="duration"/>, at most
    /// <paramref name="maxInFlight"/> at once; <paramref name="send"/> gets the sequence number and the timestamp it was due.
    /// With <paramref name="warmUpSend"/>, the same pace comes first, uncounted, as the closed loop's warm-up.
    /// </summary>
    public static async Task<LoadResult> PacedAsync(
        string name, double requestsPerSecond, TimeSpan duration, int itemsPerRequest, int maxInFlight, Func<long, long, Task<bool>> send,
        Func<long, Task<bool>>? warmUpSend = null)
    {
        TimeSpan? warmedUp = null;
        if (warmUpSend is not null)
        {
            long warmUpSequence = 0;
            warmedUp = await WarmUpAsync(async slice =>
            {
                var from = warmUpSequence;
                warmUpSequence += (long)(requestsPerSecond * slice.TotalSeconds);
                await PaceAsync(requestsPerSecond, slice, maxInFlight, (sequence, _) => warmUpSend(from + sequence), null);
            });
        }

        var latencies = new Latencies();
        var (done, errors, seconds) = await PaceAsync(requestsPerSecond, duration, maxInFlight, send, latencies);
        return new LoadResult(name, maxInFlight, seconds, done, errors, itemsPerRequest, latencies.Percentile(0.50), latencies.Percentile(0.99))
        {
            WarmUpSeconds = warmedUp?.TotalSeconds,
        };
    }

    /// <summary>
    /// Sends for at least <see cref="WarmUp"/>, then a second at a time until the JIT has settled (tiered compilation
    /// of what the load runs takes seconds of CPU, longer on a slower machine) or <see cref="WarmUpLimit"/> has passed.
    /// </summary>
    private static async Task<TimeSpan> WarmUpAsync(Func<TimeSpan, Task> send)
    {
        var started = Stopwatch.GetTimestamp();
        await send(WarmUp);
        while (Stopwatch.GetElapsedTime(started) < WarmUpLimit)
        {
            var jitBefore = JitInfo.GetCompilationTime();
            var sliceStarted = Stopwatch.GetTimestamp();
            await send(TimeSpan.FromSeconds(1));
            if ((JitInfo.GetCompilationTime() - jitBefore) / Stopwatch.GetElapsedTime(sliceStarted) < JitSettled)
            {
                break;
            }
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task<(long Done, long Errors, double Seconds)> PaceAsync(
        double requestsPerSecond, TimeSpan duration, int maxInFlight, Func<long, long, Task<bool>> send, Latencies? latencies)
    {
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

                latencies?.Add(Stopwatch.GetElapsedTime(due).TotalMilliseconds);
                Interlocked.Increment(ref done);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        await Task.WhenAll(workers);
        return (done, errors, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private static async Task<(long Requests, long Errors)> RunWorkersAsync(
        int concurrency, TimeSpan duration, Func<int, long, CancellationToken, Task<bool>> send, long[] sequences, Latencies? latencies)
    {
        using var stop = new CancellationTokenSource(duration);
        long requests = 0;
        long errors = 0;
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var sequence = sequences[worker]++;
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await send(worker, sequence, CancellationToken.None);
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
    private readonly Lock _gate = new();
    private readonly long[] _buckets = new long[600_001];
    private long _count;

    public void Add(double milliseconds) => AddMany([milliseconds]);

    /// <summary>
    /// Adds several samples under one lock: 500 stream readers adding a quarter of a million samples a second one by one
    /// would spend the cores on contention for the same counters.
    /// </summary>
    public void AddMany(ReadOnlySpan<double> milliseconds)
    {
        lock (_gate)
        {
            foreach (var sample in milliseconds)
            {
                _buckets[(int)Math.Clamp(sample / BucketMs, 0, _buckets.Length - 1)]++;
            }

            _count += milliseconds.Length;
        }
    }

    public double Percentile(double p)
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                return double.NaN;
            }

            var rank = (long)Math.Ceiling(p * _count);
            long seen = 0;
            for (var i = 0; i < _buckets.Length; i++)
            {
                seen += _buckets[i];
                if (seen >= rank)
                {
                    return (i + 1) * BucketMs;
                }
            }

            return _buckets.Length * BucketMs;
        }
    }
}
