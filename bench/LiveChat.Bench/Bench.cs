using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace LiveChat.Bench;

/// <summary>A target of the benchmark issue and whether this run met it.</summary>
public sealed record Check(string Target, double Measured, double Required, bool AtLeast)
{
    public bool Met => AtLeast ? Measured >= Required : Measured <= Required;
}

/// <summary>What a scenario measured: its load runs, other numbers, and its targets.</summary>
public sealed class ScenarioResult(string name)
{
    public string Name { get; } = name;

    public List<LoadResult> Runs { get; } = [];

    public Dictionary<string, double> Numbers { get; } = new(StringComparer.Ordinal);

    public List<Check> Checks { get; } = [];

    public List<string> Notes { get; } = [];
}

/// <summary>What every scenario shares: the PostgreSQL server, the baselines, the stubs, the settings of a run.</summary>
public sealed class Bench(string server, int concurrency, TimeSpan seconds, double scale, Sender sender, Uri graph)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public string Server { get; } = server;

    public int Concurrency { get; } = concurrency;

    public TimeSpan Seconds { get; } = seconds;

    /// <summary>Scales the scenario sizes (1 = the numbers), so a quick run stays quick.</summary>
    public double Scale { get; } = scale;

    public Sender Sender { get; } = sender;

    public LoadResult B0 { get; set; } = null!;

    public LoadResult B1 { get; set; } = null!;

    public int Scaled(int n) => Math.Max(1, (int)Math.Round(n * Scale));

    public void Progress(string message) => System.Console.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {message}");

    /// <summary>
    /// Waits (at most a minute) until the gateway and PostgreSQL have done what the last run left them, such as the
    /// queue notices of hundreds of new chats going out: less than a tenth of a core over a second.
    /// </summary>
    public async Task WaitForQuietAsync(string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(1))
        {
            var before = await CpuClock.SampleAsync();
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (CpuClock.Between(before, await CpuClock.SampleAsync()) is not { } cpu || cpu.Process + cpu.Postgres < 100)
            {
                return;
            }

            Progress($"{what}: waiting for the gateway to finish the last run's work ({cpu.Process + cpu.Postgres:F0} ms of CPU in the last second)");
        }
    }

    /// <summary>
    /// Settings for a set-up that queues <paramref name="chats"/> chats and has them picked up: queued chats are missed
    /// after 2 minutes by default, and at full size the 10,000 pick-ups take longer than that.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> PickUpsFinishFirst(int chats) => new Dictionary<string, string?>
    {
        ["Routing:MissedAfterSeconds"] = Math.Max(120, chats / 20).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The gateway with WhatsApp on, Graph stood in, a bench admin, and <paramref name="extra"/> settings.</summary>
    public Task<GatewayUnderTest> StartGatewayAsync(IReadOnlyDictionary<string, string?>? extra = null, string? database = null) =>
        GatewayUnderTest.StartAsync(Server, GatewaySettings(extra), database);

    /// <summary>The settings <see cref="StartGatewayAsync"/> starts a gateway with (also handed to a gateway in a process of its own).</summary>
    public Dictionary<string, string?> GatewaySettings(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Channels:WhatsApp:AppSecret"] = WhatsApp.Secret,
            ["Channels:WhatsApp:VerifyToken"] = "bench",
            ["Channels:WhatsApp:AccessToken"] = "bench-token",
            ["Channels:WhatsApp:PhoneNumberId"] = WhatsApp.PhoneNumberId,
            ["Channels:WhatsApp:GraphBaseUrl"] = graph.ToString().TrimEnd('/'),
            // A business on Meta's higher throughput tier; the notices the gateway sends must not queue up behind 80/s.
            ["Channels:WhatsApp:MessagesPerSecond"] = "1000",
            ["Bootstrap:AdminEmail"] = Operators.AdminEmail,
            ["Bootstrap:AdminPassword"] = Operators.AdminPassword,
            ["Auth:LoginAttemptsPerMinute"] = "100000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public static async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<List<T>> ColumnAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetFieldValue<T>(0));
        }

        return list;
    }

    /// <summary>Polls until <paramref name="done"/> or the timeout; false when it timed out.</summary>
    public async Task<bool> WaitUntilAsync(string what, TimeSpan timeout, Func<Task<(bool Done, string Status)>> done)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var lastReport = 0L;
        while (true)
        {
            var (finished, status) = await done();
            if (finished)
            {
                Progress($"{what}: {status}");
                return true;
            }

            if (Stopwatch.GetTimestamp() > until)
            {
                Progress($"{what}: timed out ({status})");
                return false;
            }

            if (Stopwatch.GetElapsedTime(lastReport) > TimeSpan.FromSeconds(5))
            {
                Progress($"{what}: {status}");
                lastReport = Stopwatch.GetTimestamp();
            }

            await Task.Delay(250);
        }
    }
}
