using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LiveChat.Bench;
using Npgsql;

// dotnet run --project bench/LiveChat.Bench -c Release -- [--pg CONN] [--seconds 10] [--concurrency 32] [--out bench/results/latest.json]
var options = Args.Parse(args);
var server = options.Get("pg") ?? Environment.GetEnvironmentVariable("LIVECHAT_TEST_PG")
    ?? throw new InvalidOperationException("Give a PostgreSQL server with --pg or LIVECHAT_TEST_PG (./bench/run.sh starts one).");
var seconds = TimeSpan.FromSeconds(int.Parse(options.Get("seconds") ?? "10", CultureInfo.InvariantCulture));
var concurrency = int.Parse(options.Get("concurrency") ?? "32", CultureInfo.InvariantCulture);
var output = options.Get("out") ?? Path.Combine("bench", "results", "latest.json");

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
var results = new List<LoadResult>();
void Report(LoadResult r)
{
    results.Add(r);
    Console.WriteLine($"{r.Name,-34} {r.RequestsPerSecond,10:F0} req/s {r.ItemsPerSecond,10:F0} msgs/s  p50 {r.P50Ms,7:F1} ms  p99 {r.P99Ms,7:F1} ms  errors {r.Errors}");
}

Console.WriteLine($"LiveChat Gateway benchmarks: {Environment.ProcessorCount} cores, {concurrency} concurrent senders, {seconds.TotalSeconds:F0} s per run");
var baselineDatabase = $"lc_bench_base_{Guid.NewGuid():N}";
await Admin(server, $"CREATE DATABASE \"{baselineDatabase}\"");
var baseline = await Baselines.StartAsync(new NpgsqlConnectionStringBuilder(server) { Database = baselineDatabase }.ConnectionString);
var baseUri = new Uri(baseline.Urls.First());
var sample = WhatsApp.Body("4900000", 1, "wamid.sample", 1);
Report(await Load.RunAsync("B0 bare Kestrel", concurrency, seconds, 1, (_, _, ct) => Post(new Uri(baseUri, "/b0"), sample, null, ct)));
Report(await Load.RunAsync("B1 Kestrel + INSERT", concurrency, seconds, 1, (_, _, ct) => Post(new Uri(baseUri, "/b1"), sample, null, ct)));
await baseline.StopAsync();

var (gateway, _) = await GatewayUnderTest.StartAsync(server, new Dictionary<string, string?>
{
    ["Channels:WhatsApp:AppSecret"] = WhatsApp.Secret,
    ["Channels:WhatsApp:VerifyToken"] = "bench",
    ["Channels:WhatsApp:AccessToken"] = "bench-token",
    ["Channels:WhatsApp:PhoneNumberId"] = "100000",
    ["Bootstrap:AdminEmail"] = "bench@example.test",
    ["Bootstrap:AdminPassword"] = "bench-password",
});
var webhook = new Uri(gateway.Address, "/webhooks/whatsapp");
var run = Guid.NewGuid().ToString("N")[..8];
foreach (var perPost in new[] { 1, 10 })
{
    Report(await Load.RunAsync($"S1 WhatsApp ingest, {perPost}/POST", concurrency, seconds, perPost, (worker, sequence, ct) =>
    {
        var body = WhatsApp.Body($"49{worker:D4}{sequence % 20:D3}", perPost, $"wamid.{run}.{perPost}.{worker}.{sequence}", perPost);
        return Post(webhook, body, WhatsApp.Sign(body), ct);
    }));
}

await gateway.DisposeAsync();
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
var b0 = results[0];
var b1 = results[1];
var summary = new
{
    machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, dotnet = Environment.Version.ToString() },
    concurrency,
    seconds = seconds.TotalSeconds,
    runs = results.Select(r => new
    {
        r.Name, r.Requests, r.Errors, r.ItemsPerRequest, requestsPerSecond = r.RequestsPerSecond, messagesPerSecond = r.ItemsPerSecond, p50Ms = r.P50Ms, p99Ms = r.P99Ms,
        requestsVsB0 = r.RequestsPerSecond / b0.RequestsPerSecond, requestsVsB1 = r.RequestsPerSecond / b1.RequestsPerSecond, messagesVsB1 = r.ItemsPerSecond / b1.RequestsPerSecond,
    }),
};
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
Console.WriteLine();
Console.WriteLine("| run | req/s | msgs/s | p50 ms | p99 ms | req/s ÷ B1 | msgs/s ÷ B1 |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var r in results)
{
    Console.WriteLine($"| {r.Name} | {r.RequestsPerSecond:F0} | {r.ItemsPerSecond:F0} | {r.P50Ms:F1} | {r.P99Ms:F1} | {r.RequestsPerSecond / b1.RequestsPerSecond:F2} | {r.ItemsPerSecond / b1.RequestsPerSecond:F2} |");
}

Console.WriteLine($"results: {output}");

async Task<bool> Post(Uri uri, string body, string? signature, CancellationToken ct)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    if (signature is not null)
    {
        request.Headers.Add("X-Hub-Signature-256", signature);
    }

    using var response = await http.SendAsync(request, ct);
    return response.IsSuccessStatusCode;
}

static async Task Admin(string server, string sql)
{
    await using var connection = new NpgsqlConnection(server);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

internal static class WhatsApp
{
    public const string Secret = "bench-app-secret";

    public static string Sign(string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>A Cloud API notification with <paramref name="count"/> text messages from one customer.</summary>
    public static string Body(string waId, int count, string wamidPrefix, int _)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var messages = string.Join(",", Enumerable.Range(0, count).Select(i =>
            $$$"""{"from":"{{{waId}}}","id":"{{{wamidPrefix}}}.{{{i}}}","timestamp":"{{{now}}}","type":"text","text":{"body":"Where is my order {{{i}}}? It was due on Monday."}}"""));
        return $$$"""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000000","phone_number_id":"100000"},"contacts":[{"profile":{"name":"Bench Customer"},"wa_id":"{{{waId}}}"}],"messages":[{{{messages}}}]}}]}]}""";
    }
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
