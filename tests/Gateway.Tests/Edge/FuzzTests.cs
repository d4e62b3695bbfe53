using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using LiveChat.Gateway.Tests.Channels;
using LiveChat.Gateway.Tests.DirectLine;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LiveChat.Gateway.Tests.Edge;

/// <summary>
/// Issue 16's fuzz suite, table-driven: every public route, correctly authenticated or signed, with each edge value in each
/// field of its body, in each route parameter and in the query (U+0000, lone surrogates, invalid UTF-8, strings at and over
/// each limit, ±1e400, NaN, Infinity, deep nesting, wrong types, cut multipart bodies). Every answer is a 2xx or a 4xx in
/// ProblemDetails or the Direct Line / Bot Connector error shape, never a 5xx or a dropped connection; afterwards the
/// gateway is healthy and a normal message still flows.
/// </summary>
public sealed class FuzzTests(FuzzFixture fixture, ITestOutputHelper output) : IClassFixture<FuzzFixture>
{
    private const string Marker = "\"\\u0001FUZZ\\u0001\"";

    /// <summary>JSON values put in place of each field (raw JSON; byte-level ones carry invalid UTF-8).</summary>
    private static readonly byte[][] s_values =
    [
        .. new[]
        {
            "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\"",
            Quoted(new string('x', 100)), Quoted(new string('x', 101)), Quoted(new string('x', 256)), Quoted(new string('x', 257)),
            Quoted(new string('x', 500)), Quoted(new string('x', 501)), Quoted(new string('x', 3000)), Quoted(new string('x', 4096)),
            Quoted(new string('x', 4097)), Quoted(new string('x', 20_000)), Quoted(new string('x', 20_001)), Quoted(new string('q', 499) + "😀" + "tail"),
            "1e400", "-1e400", "\"NaN\"", "\"-Infinity\"", "1e30", "-1", "true", "null", "{}", "[]",
            new string('[', 200) + new string(']', 200),
        }.Select(Encoding.UTF8.GetBytes),
        [(byte)'"', 0xC3, (byte)'"'],
        [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'],
    ];

    /// <summary>Whole bodies sent to every route that reads one.</summary>
    private static readonly byte[][] s_bodies =
    [
        .. new[]
        {
            "", "{", "null", "\"text\"", "1e400", "[]", "{}", "{\"type\":null}", new string('[', 5000) + new string(']', 5000),
            string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000),
        }.Select(Encoding.UTF8.GetBytes),
        [(byte)'{', (byte)'"', 0xC3, (byte)'"', (byte)':', (byte)'1', (byte)'}'],
    ];

    /// <summary>Route and query values (already URL-encoded).</summary>
    private static readonly string[] s_segments =
    [
        "%00", "a%00b", "%ED%A0%80", "%FF", new string('x', 3000), "%F0%9F%98%80", "-1", "1e400",
    ];

    private static readonly string[] s_queryNames =
    [
        "view", "limit", "after", "q", "tag", "watermark", "hub.verify_token",
    ];

    private int _sent;
    private HttpClient? _client;

    [Fact]
    public async Task NoInputMakesTheGatewayFailOrDropTheConnection()
    {
        var watch = Stopwatch.StartNew();

        var known = await SeedAsync();

        var failures = new List<string>();
        foreach (var route in Routes())
        {
            foreach (var request in Requests(route, known))
            {
                await SendAsync(request, failures);
            }
        }

        foreach (var request in Webhooks(known).Concat(Uploads(known)))
        {
            await SendAsync(request, failures);
        }

        output.WriteLine($"{_sent} requests in {watch.Elapsed.TotalSeconds:F1} s; {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(60)));
        Assert.Equal(HttpStatusCode.OK, (await fixture.App.Anonymous().GetAsync("/healthz")).StatusCode);
        var phone = $"1666{Random.Shared.Next(1_000_000, 9_999_999)}";
        var after = await fixture.PostWebhookAsync("whatsapp", EdgeFixture.WhatsAppText(phone, $"wamid.after-fuzz-{phone}", "\"still flowing\""));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        await fixture.ChatOfAsync(known.Admin, "whatsapp", c => c.GetProperty("question").GetString() == "still flowing");
    }

    private sealed record Known(OperatorClient Admin, string ChatId, string VisitorId, string DepartmentId, string BotChatId, string Conversation, string ConversationToken);

    private sealed record FuzzRequest(HttpMethod Method, string Path, byte[]? Body, string? ContentType, Func<HttpRequestMessage, HttpRequestMessage> Authorize);

    private async Task<Known> SeedAsync()
    {
        var admin = await fixture.App.AdminAsync();
        var phone = $"1777{Random.Shared.Next(1_000_000, 9_999_999)}";
        Assert.Equal(HttpStatusCode.OK, (await fixture.PostWebhookAsync("whatsapp", EdgeFixture.WhatsAppText(phone, $"wamid.seed-{phone}", "\"seed\""))).StatusCode);
        var chat = await fixture.ChatOfAsync(admin, "whatsapp", c => c.GetProperty("question").GetString() == "seed");
        Assert.Equal(HttpStatusCode.OK, (await fixture.PostWebhookAsync("messenger", EdgeFixture.Messenger("5551234", "m_seed", "\"bot seed\""))).StatusCode);
        var botChat = await Eventually.Until<string?>(
            "the bot's Messenger chat",
            async () =>
            {
                var chats = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=active&channel=messenger&limit=100");
                return chats.EnumerateArray().Concat((await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=recent&channel=messenger&limit=100")).EnumerateArray())
                    .Select(c => c.GetProperty("id").GetString()).FirstOrDefault();
            },
            id => id is not null);

        var departments = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/departments");
        var (conversation, token) = await fixture.StartConversationAsync();
        return new Known(
            admin, chat.GetProperty("id").GetString()!, chat.GetProperty("visitor").GetProperty("id").GetString()!,
            departments[0].GetProperty("id").GetString()!, botChat!, conversation, token);
    }

    private IEnumerable<(string Method, string Pattern)> Routes() =>
        fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, "/" + e.RoutePattern.RawText!.Trim('/'))))
            .Where(r => r.Item2 is not "/healthz" and not "/openapi/{documentName}.json")
            .Distinct()
            .OrderBy(r => r.Item2, StringComparer.Ordinal);

    private IEnumerable<FuzzRequest> Requests((string Method, string Pattern) route, Known known)
    {
        var method = new HttpMethod(route.Method);
        var authorize = Authorizer(route.Pattern, known);
        var path = Fill(route.Pattern, known, null, null);
        var parameters = Parameters(route.Pattern).ToList();

        // Each route parameter, and each query value, with each edge value; the rest valid.
        foreach (var parameter in parameters)
        {
            foreach (var value in s_segments)
            {
                yield return new FuzzRequest(method, Fill(route.Pattern, known, parameter, value), Template(route) is { } t ? Encoding.UTF8.GetBytes(t) : null, "application/json", authorize);
            }
        }

        if (route.Method == "GET")
        {
            foreach (var name in s_queryNames)
            {
                foreach (var value in s_segments)
                {
                    yield return new FuzzRequest(method, $"{path}?{name}={value}", null, null, authorize);
                }
            }

            yield break;
        }

        foreach (var body in s_bodies)
        {
            yield return new FuzzRequest(method, path, body, "application/json", authorize);
        }

        if (Template(route) is not { } template)
        {
            yield break;
        }

        // Each field of the route's usual body with each edge value.
        var root = System.Text.Json.Nodes.JsonNode.Parse(template)!;
        foreach (var leaf in Leaves(root))
        {
            var original = leaf.Replace();
            var text = root.ToJsonString();
            leaf.Restore(original);
            var marked = Encoding.UTF8.GetBytes(text);
            foreach (var value in s_values)
            {
                yield return new FuzzRequest(method, path, Splice(marked, value), "application/json", authorize);
            }
        }
    }

    /// <summary>Signed webhooks: each field of a WhatsApp message, location and status, and of a Messenger message, with each edge value.</summary>
    private IEnumerable<FuzzRequest> Webhooks(Known known)
    {
        var templates = new (string Channel, string Body)[]
        {
            ("whatsapp", EdgeFixture.WhatsAppText("15550001111", "wamid.fuzz-text", "\"hello\"")),
            ("whatsapp", EdgeFixture.WhatsApp("15550001112", """{"from":"15550001112","id":"wamid.fuzz-loc","timestamp":"1700000000","type":"location","location":{"latitude":52.5,"longitude":13.4,"name":"Harbour","address":"Pier 1"}}""")),
            ("whatsapp", EdgeFixture.WhatsApp("15550001113", "{}").Replace("\"messages\":[{}]", StatusJson, StringComparison.Ordinal)),
            ("messenger", EdgeFixture.Messenger("5559990001", "m_fuzz", "\"hello\"")),
        };
        foreach (var (channel, body) in templates)
        {
            var root = System.Text.Json.Nodes.JsonNode.Parse(body)!;
            foreach (var leaf in Leaves(root))
            {
                var original = leaf.Replace();
                var marked = Encoding.UTF8.GetBytes(root.ToJsonString());
                leaf.Restore(original);
                foreach (var value in s_values)
                {
                    var signed = Splice(marked, value);
                    yield return new FuzzRequest(HttpMethod.Post, $"/webhooks/{channel}", signed, "application/json", r => Sign(r, channel, signed));
                }
            }

            foreach (var whole in s_bodies)
            {
                yield return new FuzzRequest(HttpMethod.Post, $"/webhooks/{channel}", whole, "application/json", r => Sign(r, channel, whole));
            }
        }
    }

    /// <summary>Direct Line uploads cut short, without their closing boundary, or carrying a bad activity part.</summary>
    private IEnumerable<FuzzRequest> Uploads(Known known)
    {
        const string Part = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n";
        const string Activity = "--b\r\nContent-Disposition: form-data; name=\"activity\"; filename=\"blob\"\r\nContent-Type: application/vnd.microsoft.activity\r\n\r\n";
        var bodies = new[]
        {
            Part[..40], Part, Part + "--b", Part + "--b-", "--b\r\n", "--x\r\n\r\n--x--", Activity + "{\"type\":\"message\",\"text\":\"\\u0000\"}\r\n--b--",
            Activity + "{\"type\":\"message\",\"text\":\"\\ud800\"}\r\n--b--", Activity + "{not json\r\n--b--", Part + "--b--", "",
        };
        var authorize = Authorizer("/v3/directline/conversations/{conversationId}/upload", known);
        foreach (var body in bodies)
        {
            yield return new FuzzRequest(HttpMethod.Post, $"/v3/directline/conversations/{known.Conversation}/upload?userId=u1", Encoding.UTF8.GetBytes(body), "multipart/form-data; boundary=b", authorize);
        }
    }

    private async Task SendAsync(FuzzRequest fuzz, List<string> failures)
    {
        using var request = new HttpRequestMessage(fuzz.Method, fuzz.Path);
        if (fuzz.Body is not null)
        {
            request.Content = new ByteArrayContent(fuzz.Body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(fuzz.ContentType!);
        }

        fuzz.Authorize(request);
        _sent++;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            _client ??= fixture.App.Anonymous();
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (status < 400)
            {
                return;
            }

            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (status >= 500 || !(IsErrorShape(response, body) || IsKestrelRefusal(fuzz, status, body)))
            {
                failures.Add($"{fuzz.Method} {Shorten(fuzz.Path)} [{Shorten(Encoding.UTF8.GetString(fuzz.Body ?? []))}] → {status} {Shorten(body)}");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            failures.Add($"{fuzz.Method} {Shorten(fuzz.Path)} [{Shorten(Encoding.UTF8.GetString(fuzz.Body ?? []))}] → {exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>
    /// Kestrel itself answers a bodiless 400 to a request line whose path decodes to U+0000, before any middleware runs; the
    /// gateway never sees such a request, so the answer cannot be ProblemDetails.
    /// </summary>
    private static bool IsKestrelRefusal(FuzzRequest fuzz, int status, string body) =>
        status == 400 && body.Length == 0 && fuzz.Path.Split('?')[0].Contains("%00", StringComparison.Ordinal);

    private static bool IsErrorShape(HttpResponseMessage response, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            return true;
        }

        try
        {
            // Direct Line's and the Bot Connector's {"error": {"code", "message"}}, or OAuth 2.0's {"error": "invalid_client"}
            // (RFC 6749 §5.2, the bots' token endpoint).
            return JsonDocument.Parse(body).RootElement.TryGetProperty("error", out var error)
                && (error.ValueKind == JsonValueKind.String || (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out _)));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private Func<HttpRequestMessage, HttpRequestMessage> Authorizer(string pattern, Known known)
    {
        string? bearer = pattern switch
        {
            "/api/v1/auth/token" => null,
            _ when pattern.StartsWith("/api/", StringComparison.Ordinal) => known.Admin.Http.DefaultRequestHeaders.Authorization!.Parameter,
            "/v3/directline/tokens/generate" or "/v3/directline/conversations" => DirectLineFixture.Secret,
            _ when pattern.StartsWith("/v3/directline/", StringComparison.Ordinal) => known.ConversationToken,
            _ when pattern.StartsWith("/v3/conversations", StringComparison.Ordinal) => fixture.Bot().DefaultRequestHeaders.Authorization!.Parameter,
            _ => null,
        };
        return request =>
        {
            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            return request;
        };
    }

    private static HttpRequestMessage Sign(HttpRequestMessage request, string channel, byte[] body)
    {
        var secret = channel == "whatsapp" ? WhatsAppFixture.AppSecret : EdgeFixture.MessengerSecret;
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        return request;
    }

    private static IEnumerable<string> Parameters(string pattern) =>
        pattern.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'));

    private static string Fill(string pattern, Known known, string? fuzzed, string? value) =>
        string.Join('/', pattern.Split('/').Select(segment => segment.StartsWith('{') ? segment.Trim('{', '}') switch
        {
            var name when name == fuzzed => value!,
            "conversationId" when pattern.StartsWith("/v3/directline", StringComparison.Ordinal) => known.Conversation,
            "conversationId" => known.BotChatId,
            "activityId" => "act-1",
            "mediaId" => "media-1",
            "id" when pattern.StartsWith("/api/v1/visitors", StringComparison.Ordinal) => known.VisitorId,
            "id" when pattern.StartsWith("/api/v1/departments", StringComparison.Ordinal) => known.DepartmentId,
            "id" when pattern.StartsWith("/api/v1/operators", StringComparison.Ordinal) => known.Admin.Id,
            "id" => known.ChatId,
            _ => "x",
        } : segment));

    /// <summary>The usual JSON body of a route, or null when it takes none.</summary>
    private static string? Template((string Method, string Pattern) route) => (route.Method, route.Pattern) switch
    {
        ("POST", "/api/v1/auth/token") => """{"email":"admin@example.test","password":"wrong-password"}""",
        ("POST", "/api/v1/departments") => """{"name":"Fuzz department"}""",
        ("POST", "/api/v1/operators") or ("PUT", "/api/v1/operators/{id}") =>
            """{"name":"Fuzz","email":"fuzz@example.test","password":"password-123","role":"agent","departmentIds":["dep_x"],"maxConcurrentChats":3,"language":"en","disabled":false}""",
        ("PUT", "/api/v1/operators/me/status") => """{"status":"online","ringer":true}""",
        ("POST", "/api/v1/chats/{id}/messages") => """{"text":"hello"}""",
        ("POST", "/api/v1/chats/{id}/summary") => """{"language":"en"}""",
        ("POST", "/api/v1/chats/{id}/reassign") => """{"operatorId":"op_x","departmentId":"dep_x"}""",
        ("POST", "/api/v1/chats/{id}/transfer") => """{"operatorId":"op_x","departmentId":"dep_x","note":"n"}""",
        ("POST", "/api/v1/chats/{id}/invite") => """{"operatorId":"op_x","note":"n"}""",
        ("POST", "/api/v1/chats/{id}/end") => """{"afterSeconds":30}""",
        ("PUT", "/api/v1/chats/{id}/tags") => """{"tags":["vip","refund"]}""",
        ("POST", "/api/v1/chats/{id}/handback") => """{"bot":"Fuzz"}""",
        ("POST", "/api/v1/canned-messages") or ("PUT", "/api/v1/canned-messages/{id}") => """{"shortcut":"#hi","text":"Hello","departmentId":null,"categoryId":null}""",
        ("POST", "/api/v1/canned-categories") or ("PUT", "/api/v1/canned-categories/{id}") => """{"name":"Greetings","departmentId":null}""",
        ("PUT", "/api/v1/departments/{id}/routing") => """{"mode":"pickup"}""",
        ("POST", "/v3/directline/tokens/generate") or ("POST", "/v3/directline/conversations") => """{"user":{"id":"dl_fuzz","name":"Fuzz"}}""",
        ("POST", "/v3/directline/conversations/{conversationId}/activities") =>
            """{"type":"message","text":"hi","from":{"id":"dl_fuzz","name":"Fuzz"},"locale":"en-US","channelData":{"clientActivityID":"c1","visitor":{"name":"V","email":"v@example.test","page":"https://example.test/","departmentId":"dep_x","question":"q"}},"value":{"a":1},"attachments":[{"contentType":"image/png","contentUrl":"https://example.test/a.png","name":"a.png"}]}""",
        (_, "/v3/conversations/{conversationId}/activities") or (_, "/v3/conversations/{conversationId}/activities/{activityId}") =>
            """{"type":"message","text":"hi","from":{"id":"fuzz-bot","name":"Fuzz"},"replyToId":"r1","value":{"a":1},"attachments":[{"contentType":"text/plain","content":"x","name":"n"}],"entities":[{"type":"mention"}]}""",
        _ => null,
    };

    private static IEnumerable<Leaf> Leaves(System.Text.Json.Nodes.JsonNode node) => node switch
    {
        System.Text.Json.Nodes.JsonObject obj => obj.ToList().SelectMany(p => p.Value is System.Text.Json.Nodes.JsonObject or System.Text.Json.Nodes.JsonArray
            ? Leaves(p.Value).Prepend(new Leaf(obj, p.Key, -1))
            : [new Leaf(obj, p.Key, -1)]),
        System.Text.Json.Nodes.JsonArray array => array.Select((item, i) => (item, i)).ToList().SelectMany(x => x.item is System.Text.Json.Nodes.JsonObject or System.Text.Json.Nodes.JsonArray
            ? Leaves(x.item).Prepend(new Leaf(array, null, x.i))
            : [new Leaf(array, null, x.i)]),
        _ => [],
    };

    /// <summary>A place in a JSON body whose value is swapped for the marker, then back.</summary>
    private sealed record Leaf(System.Text.Json.Nodes.JsonNode Parent, string? Key, int Index)
    {
        public System.Text.Json.Nodes.JsonNode? Replace()
        {
            var original = Key is not null ? Parent[Key] : Parent[Index];
            SetValue(System.Text.Json.Nodes.JsonValue.Create("\u0001FUZZ\u0001"));
            return original;
        }

        public void Restore(System.Text.Json.Nodes.JsonNode? original) => SetValue(original);

        private void SetValue(System.Text.Json.Nodes.JsonNode? value)
        {
            if (Key is not null)
            {
                ((System.Text.Json.Nodes.JsonObject)Parent)[Key] = value;
            }
            else
            {
                ((System.Text.Json.Nodes.JsonArray)Parent)[Index] = value;
            }
        }
    }

    private static byte[] Splice(byte[] marked, byte[] value)
    {
        var marker = Encoding.UTF8.GetBytes(Marker);
        var at = marked.AsSpan().IndexOf(marker);
        return [.. marked[..at], .. value, .. marked[(at + marker.Length)..]];
    }

    private const string StatusJson =
        """
        "statuses":[{"id":"wamid.fuzz-status","status":"failed","timestamp":"1700000000","recipient_id":"15550001113","errors":[{"code":131051,"title":"Unsupported","message":"bad"}]}]
        """;

    private static string Quoted(string text) => JsonSerializer.Serialize(text);

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
