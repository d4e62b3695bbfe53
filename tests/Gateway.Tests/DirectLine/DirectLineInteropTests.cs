using System.Diagnostics;

namespace LiveChat.Gateway.Tests.DirectLine;

/// <summary>The real botframework-directlinejs (npm, under Node) against the gateway: start, send, receive the operator's reply.</summary>
public sealed class DirectLineInteropTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DirectLineJsSendsAMessageAndReceivesTheOperatorsReply(bool webSocket)
    {
        var generated = await fixture.Client(DirectLineFixture.Secret).PostAsync("/v3/directline/tokens/generate", null);
        var body = await generated.Content.ReadFromJsonAsync<JsonElement>();
        var conversationId = body.GetProperty("conversationId").GetString()!;
        var question = $"Hello from directlinejs ({(webSocket ? "websocket" : "polling")})";
        var answer = $"Operator answer over {(webSocket ? "websocket" : "polling")}";
        using var node = NodeClient.Start(new Dictionary<string, string>
        {
            ["DL_DOMAIN"] = new Uri(fixture.App.BaseAddress, "/v3/directline").ToString(),
            ["DL_TOKEN"] = body.GetProperty("token").GetString()!,
            ["DL_WEBSOCKET"] = webSocket ? "true" : "false",
            ["DL_TEXT"] = question,
            ["DL_EXPECT"] = answer,
        });

        var echo = await node.WaitForAsync(e => IsActivity(e, question));
        Assert.StartsWith("node-", echo.GetProperty("clientActivityID").GetString(), StringComparison.Ordinal);
        var posted = await node.WaitForAsync(e => e.GetProperty("event").GetString() == "posted");
        Assert.Equal(echo.GetProperty("id").GetString(), posted.GetProperty("id").GetString());
        var admin = await fixture.App.AdminAsync();
        var queued = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=queued&channel=webchat");
        Assert.Contains(queued.EnumerateArray(), c => c.GetProperty("question").GetString() == question);

        await fixture.ReplyAsOperatorAsync(conversationId, answer);

        var reply = await node.WaitForAsync(e => IsActivity(e, answer));
        Assert.Equal("bot", reply.GetProperty("from").GetProperty("role").GetString());
        await node.WaitForAsync(e => e.GetProperty("event").GetString() == "done");
        var state = await node.WaitForAsync(e => e.GetProperty("event").GetString() == "activity" && e.GetProperty("type").GetString() == "event");
        Assert.Equal("chat.state", state.GetProperty("name").GetString());
    }

    private static bool IsActivity(JsonElement line, string text) =>
        line.GetProperty("event").GetString() == "activity" && line.TryGetProperty("text", out var t) && t.GetString() == text;

    /// <summary>tests/interop/directline-client.js as a child process; its JSON lines are read as they come.</summary>
    private sealed class NodeClient : IDisposable
    {
        private readonly Process _process;
        private readonly System.Threading.Channels.Channel<JsonElement> _lines = System.Threading.Channels.Channel.CreateUnbounded<JsonElement>();
        private readonly List<JsonElement> _seen = [];

        private NodeClient(Process process)
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

        public static NodeClient Start(IDictionary<string, string> environment)
        {
            var folder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../interop"));
            Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "botframework-directlinejs")), $"Run npm ci in {folder} (test.sh does).");
            var start = new ProcessStartInfo("node", "directline-client.js")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            return new NodeClient(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
        }

        public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match)
        {
            var found = _seen.FirstOrDefault(match);
            if (found.ValueKind != JsonValueKind.Undefined)
            {
                return found;
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(25));
            try
            {
                while (true)
                {
                    var line = await _lines.Reader.ReadAsync(timeout.Token);
                    _seen.Add(line);
                    if (match(line))
                    {
                        return line;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("directlinejs did not report what was expected; it said: " + string.Join(" | ", _seen.Select(s => s.ToString())));
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
}
