using System.Diagnostics;

namespace LiveChat.Gateway.Tests.Bots;

/// <summary>A script of tests/interop under Node as a child process; its stdout JSON lines are read as they come.</summary>
public sealed class NodeBot : IDisposable
{
    private readonly Process _process;
    private readonly System.Threading.Channels.Channel<JsonElement> _lines = System.Threading.Channels.Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> _seen = [];

    private NodeBot(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && line.StartsWith('{'))
            {
                _lines.Writer.TryWrite(JsonDocument.Parse(line).RootElement.Clone());
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static NodeBot Start(string script, params string[] arguments) => Start(script, new Dictionary<string, string>(), arguments);

    /// <summary>Starts the script with these environment variables added (a bot configured by its environment).</summary>
    public static NodeBot Start(string script, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var folder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../interop"));
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "botbuilder")), $"Run npm ci in {folder} (test.sh does).");
        var start = new ProcessStartInfo("node", [script, .. arguments])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new NodeBot(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
    }

    /// <summary>Every line seen so far that matches.</summary>
    public IReadOnlyList<JsonElement> Seen(Func<JsonElement, bool> match) => [.. _seen.Where(match)];

    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match) => (await WaitForAsync(match, 1))[0];

    /// <summary>Reads the bot's lines until <paramref name="count"/> of them match; returns those that do.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(Func<JsonElement, bool> match, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        try
        {
            while (Seen(match) is var found && found.Count < count)
            {
                _seen.Add(await _lines.Reader.ReadAsync(timeout.Token));
            }

            return Seen(match);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("The bot did not report what was expected; it said: " + string.Join(" | ", _seen.Select(s => s.ToString())));
        }
    }

    /// <summary>Takes in every line the bot has printed so far, without waiting.</summary>
    public void Drain()
    {
        while (_lines.Reader.TryRead(out var line))
        {
            _seen.Add(line);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
