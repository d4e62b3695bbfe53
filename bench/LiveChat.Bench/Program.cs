using System.Globalization;
using System.Text;
using System.Text.Json;
using LiveChat.Bench;
using LiveChat.Bench.Scenarios;
using Npgsql;

// dotnet run --project bench/LiveChat.Bench -c Release -- [--pg CONN] [--seconds 10] [--concurrency 32]
//     [--scenarios 1,2,3,4,5,6] [--scale 1] [--warmup 6] [--warmup-limit 60] [--helpdesk-latency-ms 50] [--drain-minutes 30] [--drain-kills 0] [--drain-compare "key=value;..."] [--drain-existing CONN] [--out bench/results/latest.json]
// bench/run.sh starts a throwaway PostgreSQL and runs this with the issue's sizes.
if (args is [GatewayProcess.Command, ..])
{
    // A gateway node in a process of its own, for scenario 5's run with kills (GatewayProcess).
    await GatewayProcess.ServeAsync(args);
    return;
}

var options = Args.Parse(args);
var server = options.Get("pg") ?? Environment.GetEnvironmentVariable("LIVECHAT_TEST_PG")
    ?? throw new InvalidOperationException("Give a PostgreSQL server with --pg or LIVECHAT_TEST_PG (bench/run.sh starts one).");
var seconds = TimeSpan.FromSeconds(int.Parse(options.Get("seconds") ?? "10", CultureInfo.InvariantCulture));
var concurrency = int.Parse(options.Get("concurrency") ?? "32", CultureInfo.InvariantCulture);
var scale = double.Parse(options.Get("scale") ?? "1", CultureInfo.InvariantCulture);
var helpdeskLatency = TimeSpan.FromMilliseconds(int.Parse(options.Get("helpdesk-latency-ms") ?? "50", CultureInfo.InvariantCulture));
var drainLimit = TimeSpan.FromMinutes(int.Parse(options.Get("drain-minutes") ?? "30", CultureInfo.InvariantCulture));
var scenarios = (options.Get("scenarios") ?? "1,2,3,4,5").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToHashSet();
var output = options.Get("out") ?? Path.Combine("bench", "results", "latest.json");

await using var graph = await Stubs.StartGraphAsync();
using var sender = new Sender();
var bench = new Bench(server, concurrency, seconds, scale, sender, new Uri(graph.Urls.First()));
CpuClock.Server = server;
Load.WarmUp = TimeSpan.FromSeconds(int.Parse(options.Get("warmup") ?? "6", CultureInfo.InvariantCulture));
Load.WarmUpLimit = TimeSpan.FromSeconds(int.Parse(options.Get("warmup-limit") ?? "60", CultureInfo.InvariantCulture));
Console.WriteLine($"LiveChat Gateway benchmarks: {Environment.ProcessorCount} cores, {concurrency} concurrent senders, {seconds.TotalSeconds:F0} s per run, scale {scale}");

// The machine's own ceilings, measured the same way, in the same run.
var baselineDatabase = $"lc_bench_base_{Guid.NewGuid():N}";
await Admin(server, $"CREATE DATABASE \"{baselineDatabase}\"");
var baseline = await Baselines.StartAsync(new NpgsqlConnectionStringBuilder(server) { Database = baselineDatabase }.ConnectionString);
var baseUri = new Uri(baseline.Urls.First());
var sample = WhatsApp.Body("4900000", 1, "wamid.sample");
var baselines = new ScenarioResult("Baselines");
bench.Progress("B0: bare Kestrel");
bench.B0 = await Load.RunAsync("B0 bare Kestrel", concurrency, seconds, 1, (_, _, ct) => sender.PostAsync(new Uri(baseUri, "/b0"), sample, null, cancellationToken: ct));
bench.Progress("B1: Kestrel + one INSERT");
bench.B1 = await Load.RunAsync("B1 Kestrel + INSERT", concurrency, seconds, 1, (_, _, ct) => sender.PostAsync(new Uri(baseUri, "/b1"), sample, null, cancellationToken: ct));
baselines.Runs.Add(bench.B0);
baselines.Runs.Add(bench.B1);
await baseline.StopAsync();
var results = new List<ScenarioResult> { baselines };
Print(baselines);

if (scenarios.Overlaps([1, 2, 3]))
{
    // Scenario 3 writes again into the chats scenario 1 opened: they must still be open then, not missed after the
    // default 2 minutes in the queue (with the warm-ups, the three scenarios can take longer than that).
    await using var gateway = await bench.StartGatewayAsync(new Dictionary<string, string?> { ["Routing:MissedAfterSeconds"] = "3600" });
    LoadResult? single = null;
    if (scenarios.Contains(1))
    {
        var s1 = await Ingest.RunAsync(bench, gateway);
        single = s1.Runs[0];
        Record(s1);
    }

    if (scenarios.Contains(2))
    {
        Record(await Redelivery.RunAsync(bench, gateway));
    }

    if (scenarios.Contains(3))
    {
        single ??= (await Ingest.RunAsync(bench, gateway)).Runs[0];
        Record(await FanOut.RunAsync(bench, gateway, single));
    }
}

if (scenarios.Contains(4))
{
    Record(await Timers.RunAsync(bench));
}

if (scenarios.Contains(5))
{
    // --drain-compare "Hangfire:WorkerCount=8;Hangfire:SchedulePollingMilliseconds=1000" drains the same backlog once more with those settings;
    // --drain-existing CONN drains a backlog an earlier run left (its "_kills" or "_compared" copy) instead of making one.
    var compare = (options.Get("drain-compare") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => (string?)kv[1], StringComparer.Ordinal);
    Record(await TicketDrain.RunAsync(bench, helpdeskLatency, drainLimit, int.Parse(options.Get("drain-kills") ?? "0", CultureInfo.InvariantCulture), compare, options.Get("drain-existing")));
}

if (scenarios.Contains(6))
{
    Record(await Reports.RunAsync(bench));
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
var summary = new
{
    machine = new
    {
        cores = Environment.ProcessorCount,
        os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        dotnet = Environment.Version.ToString(),
        postgres = await Scalar(server, "SHOW server_version"),
    },
    at = DateTimeOffset.UtcNow,
    concurrency,
    seconds = seconds.TotalSeconds,
    scale,
    helpdeskLatencyMs = helpdeskLatency.TotalMilliseconds,
    scenarios = results.Select(r => new
    {
        r.Name,
        runs = r.Runs.Select(l => new
        {
            l.Name, l.Concurrency, l.Seconds, l.Requests, l.Errors, l.ItemsPerRequest,
            warmUpSeconds = l.WarmUpSeconds, requestsPerSecond = l.RequestsPerSecond, messagesPerSecond = l.ItemsPerSecond, p50Ms = l.P50Ms, p99Ms = l.P99Ms,
            requestsVsB0 = l.RequestsPerSecond / bench.B0.RequestsPerSecond, requestsVsB1 = l.RequestsPerSecond / bench.B1.RequestsPerSecond,
            messagesVsB1 = l.ItemsPerSecond / bench.B1.RequestsPerSecond,
            cpuMsPerRequest = l.CpuMsPerRequest, processCpuMsPerRequest = l.ProcessCpuMsPerRequest, postgresCpuMsPerRequest = l.PostgresCpuMsPerRequest,
        }),
        numbers = r.Numbers,
        checks = r.Checks.Select(c => new { c.Target, c.Measured, c.Required, c.Met }),
        r.Notes,
    }),
};
var json = JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
await File.WriteAllTextAsync(output, json);
var markdown = Markdown(results);
await File.WriteAllTextAsync(Path.ChangeExtension(output, ".md"), markdown);
Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"results: {output} and {Path.ChangeExtension(output, ".md")}");

void Record(ScenarioResult result)
{
    results.Add(result);
    Print(result);
}

void Print(ScenarioResult result)
{
    foreach (var r in result.Runs)
    {
        Console.WriteLine($"  {r.Name,-40} {r.RequestsPerSecond,9:F0} req/s {r.ItemsPerSecond,9:F0} msgs/s  p50 {r.P50Ms,7:F1} ms  p99 {r.P99Ms,7:F1} ms  errors {r.Errors}{Cpu(r)}{WarmedUp(r)}");
    }

    foreach (var (name, value) in result.Numbers)
    {
        Console.WriteLine($"  {name}: {value:0.##}");
    }

    foreach (var c in result.Checks)
    {
        Console.WriteLine($"  {(c.Met ? "MET   " : "MISSED")} {c.Target}: {c.Measured:0.###}");
    }
}

static string Cpu(LoadResult r) =>
    r.CpuMsPerRequest is { } total ? FormattableString.Invariant($"  CPU {total:F2} ms/req (process {r.ProcessCpuMsPerRequest:F2}, PostgreSQL {r.PostgresCpuMsPerRequest:F2})") : string.Empty;

static string WarmedUp(LoadResult r) =>
    r.WarmUpSeconds is { } seconds ? FormattableString.Invariant($"  after {seconds:F0} s warm-up") : string.Empty;

string Markdown(List<ScenarioResult> all)
{
    var text = new StringBuilder();
    text.AppendLine("| run | req/s | msgs/s | p50 ms | p99 ms | req/s ÷ B0 | req/s ÷ B1 | msgs/s ÷ B1 | CPU ms/req | CPU ÷ B1's |");
    text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var r in all.SelectMany(s => s.Runs))
    {
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {r.Name} | {r.RequestsPerSecond:F0} | {r.ItemsPerSecond:F0} | {r.P50Ms:F1} | {r.P99Ms:F1} | {r.RequestsPerSecond / bench.B0.RequestsPerSecond:F2} | {r.RequestsPerSecond / bench.B1.RequestsPerSecond:F2} | {r.ItemsPerSecond / bench.B1.RequestsPerSecond:F2} | {r.CpuMsPerRequest:F2} | {r.CpuMsPerRequest / bench.B1.CpuMsPerRequest:F2} |");
    }

    text.AppendLine();
    text.AppendLine("| scenario | target | measured | |");
    text.AppendLine("|---|---|---:|---|");
    foreach (var s in all)
    {
        foreach (var c in s.Checks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {s.Name} | {c.Target} | {c.Measured:0.###} | {(c.Met ? "met" : "**missed**")} |");
        }
    }

    text.AppendLine();
    foreach (var s in all.Where(s => s.Numbers.Count > 0))
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"{s.Name}: {string.Join("; ", s.Numbers.Select(n => $"{n.Key} {n.Value:0.##}"))}.");
        text.AppendLine();
    }

    return text.ToString();
}

static async Task Admin(string server, string sql)
{
    await using var connection = new NpgsqlConnection(server);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

static async Task<string> Scalar(string server, string sql)
{
    await using var connection = new NpgsqlConnection(server);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return (string)(await command.ExecuteScalarAsync())!;
}

internal sealed class Args(Dictionary<string, string> values)
{
    public string? Get(string name) => values.TryGetValue(name, out var value) ? value : null;

    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Args(values);
    }
}
