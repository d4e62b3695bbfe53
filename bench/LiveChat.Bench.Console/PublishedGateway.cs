using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace LiveChat.Bench.Console;

/// <summary>
/// The gateway as it is deployed: the publish output (Release, trimmed console, compressed assets) run with `dotnet` as a
/// process of its own on 127.0.0.1, on a new PostgreSQL database, in the Production environment.
/// </summary>
public sealed class PublishedGateway : IAsyncDisposable
{
    private readonly Process _process;

    private PublishedGateway(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public static async Task<PublishedGateway> StartAsync(string publishDirectory, string server, IReadOnlyDictionary<string, string> settings)
    {
        var dll = Path.Combine(publishDirectory, "LiveChat.Gateway.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"No published gateway at {dll}: run bench/console.sh, or dotnet publish src/Gateway -c Release -o {publishDirectory}.");
        }

        var database = $"lc_bench_console_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = publishDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');
        start.Environment["Storage__Provider"] = "Postgres";
        start.Environment["Storage__ConnectionString"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the gateway.");
        process.OutputDataReceived += (_, e) => Echo(e.Data);
        process.ErrorDataReceived += (_, e) => Echo(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new PublishedGateway(process, address);
        await gateway.WaitUntilHealthyAsync();
        return gateway;
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = Stopwatch.GetTimestamp() + (120 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until && !_process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Address, "healthz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"The gateway did not become healthy at {Address} (exited: {_process.HasExited}).");
    }

    private static void Echo(string? line)
    {
        if (line is not null && Environment.GetEnvironmentVariable("LIVECHAT_BENCH_LOG") == "1")
        {
            System.Console.WriteLine($"  gateway: {line}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
