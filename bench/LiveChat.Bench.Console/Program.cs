using System.Globalization;
using LiveChat.Bench;
using LiveChat.Bench.Console;

// The console benchmark of issue 19 (bench/console.sh publishes the gateway and runs this):
// dotnet run --project bench/LiveChat.Bench.Console -c Release -- --pg CONN --gateway artifacts/bench-console/gateway
//     [--pages 20] [--messages 100] [--interval-ms 500] [--chats 2000] [--visits 3] [--scenarios load,delivery,scrolling]
//     [--out bench/results/console.json]
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal) && p.i + 1 < args.Length)
    .ToDictionary(p => p.a[2..], p => args[p.i + 1], StringComparer.Ordinal);
string Get(string name, string fallback) => options.TryGetValue(name, out var value) ? value : fallback;
int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var server = Get("pg", Environment.GetEnvironmentVariable("LIVECHAT_TEST_PG") ?? "")
    is { Length: > 0 } pg ? pg : throw new InvalidOperationException("Give a PostgreSQL server with --pg or LIVECHAT_TEST_PG (bench/console.sh starts one).");
var scenarios = Get("scenarios", "load,delivery,scrolling").Split(',').ToHashSet(StringComparer.Ordinal);
var output = Get("out", Path.Combine("bench", "results", "console.json"));

await using var graph = await Stubs.StartGraphAsync();
await using var gateway = await PublishedGateway.StartAsync(Path.GetFullPath(Get("gateway", Path.Combine("artifacts", "bench-console", "gateway"))), server, new Dictionary<string, string>
{
    ["Channels:WhatsApp:AppSecret"] = WhatsApp.Secret,
    ["Channels:WhatsApp:VerifyToken"] = "bench",
    ["Channels:WhatsApp:AccessToken"] = "bench-token",
    ["Channels:WhatsApp:PhoneNumberId"] = WhatsApp.PhoneNumberId,
    ["Channels:WhatsApp:GraphBaseUrl"] = graph.Urls.First().TrimEnd('/'),
    ["Channels:WhatsApp:MessagesPerSecond"] = "1000",
    ["Bootstrap:AdminEmail"] = Operators.AdminEmail,
    ["Bootstrap:AdminPassword"] = Operators.AdminPassword,
    ["Auth:LoginAttemptsPerMinute"] = "100000",
    // The queued chats must stay queued for the whole run, not be missed after the default 2 minutes.
    ["Routing:MissedAfterSeconds"] = "7200",
});
Console.WriteLine($"LiveChat console benchmark: {Environment.ProcessorCount} cores, gateway {gateway.Address} (process {gateway.ProcessId}), load average {Report.LoadAverage():0.##}");
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
var operators = new Operators(http, gateway.Address);
var department = await operators.DefaultDepartmentAsync();
await using var chromium = await Chromium.LaunchAsync(gateway.Address);
var report = new Report();
if (scenarios.Contains("load"))
{
    Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] first load and repeat visit");
    report.Number("first load", "load average (1 min) at start", Report.LoadAverage());
    await FirstLoad.RunAsync(chromium, report, Int("visits", 3));
}

if (scenarios.Contains("delivery"))
{
    Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] customer → {Int("pages", 20)} consoles");
    await Delivery.RunAsync(chromium, operators, http, department, report, Int("pages", 20), Int("messages", 100), TimeSpan.FromMilliseconds(Int("interval-ms", 500)));
}

if (scenarios.Contains("scrolling"))
{
    Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] scrolling {Int("chats", 2000)} chats");
    await Scrolling.RunAsync(chromium, operators, http, department, report, Int("chats", 2000), 50);
}

await report.WriteAsync(output, new
{
    cores = Environment.ProcessorCount,
    os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
    dotnet = Environment.Version.ToString(),
    chromium = chromium.Version,
});
Console.WriteLine($"results: {output} and {Path.ChangeExtension(output, ".md")}");
