using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace LiveChat.Bench;

/// <summary>
/// CPU time spent by this process (the gateway or baseline server and the load generator) plus the PostgreSQL
/// server it talks to (every process pg_stat_activity lists: backends, WAL writer, checkpointer). Divided by the
/// requests of a run it is a cost per request that, unlike throughput, hardly moves when something else on a
/// shared machine takes the cores for a while. Linux only (/proc); elsewhere it reports nothing.
/// </summary>
public static class CpuClock
{
    private static readonly double s_tickMs = 1000.0 / 100; // USER_HZ is 100 on Linux

    public static string? Server { get; set; }

    public static async Task<Sample?> SampleAsync()
    {
        if (!OperatingSystem.IsLinux() || Server is null)
        {
            return null;
        }

        var postgres = new Dictionary<int, double>();
        await using (var connection = new NpgsqlConnection(Server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var pid = reader.GetInt32(0);
                if (ProcessMs(pid) is { } ms)
                {
                    postgres[pid] = ms;
                }
            }
        }

        return new Sample(Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds, postgres);
    }

    /// <summary>CPU milliseconds from <paramref name="before"/> to <paramref name="after"/>: this process and PostgreSQL.</summary>
    public static (double Process, double Postgres)? Between(Sample? before, Sample? after)
    {
        if (before is null || after is null)
        {
            return null;
        }

        var postgres = after.Postgres.Sum(p => p.Value - before.Postgres.GetValueOrDefault(p.Key));
        return (after.ProcessMs - before.ProcessMs, postgres);
    }

    private static double? ProcessMs(int pid)
    {
        try
        {
            // /proc/PID/stat: the command may contain spaces, so fields are counted after its closing parenthesis.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks * s_tickMs;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public sealed record Sample(double ProcessMs, Dictionary<int, double> Postgres);
}

/// <summary>Listens to one histogram of the gateway in this process (System.Diagnostics.Metrics) and keeps its mean.</summary>
public sealed class MeanOf : IDisposable
{
    private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
    private long _count;
    private long _sum;

    public MeanOf(string meter, string instrument)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter.Name == meter && published.Name == instrument)
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            Interlocked.Increment(ref _count);
            Interlocked.Add(ref _sum, value);
        });
        _listener.Start();
    }

    /// <summary>The mean since the last call, and starts over.</summary>
    public double TakeMean()
    {
        var count = Interlocked.Exchange(ref _count, 0);
        var sum = Interlocked.Exchange(ref _sum, 0);
        return count == 0 ? double.NaN : (double)sum / count;
    }

    public void Dispose() => _listener.Dispose();
}
