using System.Diagnostics;

namespace LiveChat.Bench;

/// <summary>
/// A gateway node in a process of its own (this program started with <c>serve-gateway</c>), so that the bench can kill it
/// with SIGKILL as a crashed machine would die: no shutdown, no flush, whatever it held left as it was.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    public const string Command = "serve-gateway";

    private readonly Process _process;

    private GatewayProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Starts a node on <paramref name="database"/> with <paramref name="settings"/> and waits until it serves.</summary>
    public static async Task<GatewayProcess> StartAsync(string database, IReadOnlyDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(GatewayProcess).Assembly.Location);
        }

        start.ArgumentList.Add(Command);
        start.ArgumentList.Add(database);
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"{key}={value}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The gateway process did not start.");
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == "ready")
            {
                // Keep reading, so that the node never blocks on a full pipe.
                _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                return new GatewayProcess(process);
            }
        }

        throw new InvalidOperationException($"The gateway process exited before it served (exit code {process.ExitCode}).");
    }

    /// <summary>What the child process runs: the gateway on <c>args[1]</c> with the settings after it, until it is killed.</summary>
    public static async Task ServeAsync(string[] args)
    {
        var settings = args.Skip(2).Select(a => a.Split('=', 2)).ToDictionary(kv => kv[0], kv => (string?)kv[1], StringComparer.Ordinal);
        await using var gateway = await GatewayUnderTest.StartAsync(args[1], settings, args[1]);
        Console.WriteLine("ready");
        await Task.Delay(Timeout.Infinite);
    }

    /// <summary>SIGKILL: the node stops between two instructions.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }
}
