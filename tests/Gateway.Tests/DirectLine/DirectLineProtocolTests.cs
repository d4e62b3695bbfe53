using System.Net.WebSockets;
using System.Text;
using LiveChat.Channels.DirectLine;
using Microsoft.Extensions.Options;

namespace LiveChat.Gateway.Tests.DirectLine;

public sealed class DirectLineProtocolTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    [Fact]
    public async Task MessageIsEchoedQueuedWithVisitorContextAndTheOperatorReplyIsPolled()
    {
        var (id, token, _) = await fixture.StartAsync("Jane");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{id}/activities")
        {
            Content = JsonContent.Create(new
            {
                type = "message",
                from = new { id = "r_user1", name = "Jane" },
                text = "Where is my order?",
                channelData = new
                {
                    clientActivityID = "c-1",
                    visitor = new { name = "Jane Doe", email = "jane@example.test", question = "Where is my order?", page = "https://shop.example/cart", pageTitle = "Cart", language = "de-DE" },
                },
            }),
        };
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.UserAgent.ParseAdd("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87");
        request.Headers.Add("CF-IPCountry", "de");

        var posted = await fixture.Client(null).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var activityId = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal($"{id}|c-1", activityId);
        var first = await fixture.PollAsync(id, token, "");
        var echo = Assert.Single(NotSystem(first));
        Assert.Equal(activityId, echo.GetProperty("id").GetString());
        Assert.Equal("c-1", echo.GetProperty("channelData").GetProperty("clientActivityID").GetString());
        Assert.Equal("directline", echo.GetProperty("channelId").GetString());
        Assert.Equal(id, echo.GetProperty("conversation").GetProperty("id").GetString());

        var admin = await fixture.App.AdminAsync();
        var chatId = await fixture.ChatIdAsync(id);
        var queued = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=queued&channel=webchat");
        Assert.Contains(queued.EnumerateArray(), c => c.GetProperty("id").GetString() == chatId && c.GetProperty("question").GetString() == "Where is my order?");
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        var visitor = chat.GetProperty("visitor");
        Assert.Equal("Jane Doe", visitor.GetProperty("name").GetString());
        Assert.Equal("jane@example.test", visitor.GetProperty("email").GetString());
        Assert.Equal("Edge 126", visitor.GetProperty("browser").GetString());
        Assert.Equal("Windows 10/11", visitor.GetProperty("os").GetString());
        Assert.Equal("DE", visitor.GetProperty("country").GetString());
        Assert.Equal("https://shop.example/cart", visitor.GetProperty("page").GetString());

        await fixture.ReplyAsOperatorAsync(id, "It ships <b>today</b>.");
        var next = await fixture.PollAsync(id, token, first.GetProperty("watermark").GetString());

        var reply = Assert.Single(next.GetProperty("activities").EnumerateArray());
        Assert.Equal("It ships <b>today</b>.", reply.GetProperty("text").GetString());
        Assert.Equal("bot", reply.GetProperty("from").GetProperty("role").GetString());
        Assert.NotEqual(activityId, reply.GetProperty("id").GetString());
        var after = await fixture.PollAsync(id, token, next.GetProperty("watermark").GetString());
        Assert.Empty(after.GetProperty("activities").EnumerateArray());
        Assert.Equal(next.GetProperty("watermark").GetString(), after.GetProperty("watermark").GetString());
    }

    [Fact]
    public async Task TheOperatorsTypingReachesTheVisitorButTheVisitorsOwnDoesNotComeBack()
    {
        var (id, token, _) = await fixture.StartAsync("Kim");
        await fixture.PostAsync(id, token, new { type = "message", text = "Anyone there?", from = new { id = "r_user1" } });
        var chatId = await fixture.ReplyAsOperatorAsync(id, "Hello Kim.");
        var seen = await fixture.PollUntilAsync(id, token, a => a.TryGetProperty("text", out var t) && t.GetString() == "Hello Kim.");
        var watermark = (await fixture.PollAsync(id, token, null)).GetProperty("watermark").GetString();

        await fixture.PostAsync(id, token, new { type = "typing", from = new { id = "r_user1" } });
        var admin = await fixture.App.AdminAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.PostAsync($"/api/v1/chats/{chatId}/typing", null)).StatusCode);

        // The operator's typing came after the visitor's: seeing it proves the visitor's could have been seen too.
        var after = (await fixture.PollAsync(id, token, watermark)).GetProperty("activities").EnumerateArray().ToList();
        var typing = Assert.Single(after, a => a.GetProperty("type").GetString() == "typing");
        Assert.Equal(admin.Id, typing.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal("bot", typing.GetProperty("from").GetProperty("role").GetString());
        Assert.Equal(id, typing.GetProperty("conversation").GetProperty("id").GetString());
        Assert.DoesNotContain(after, a => a.GetProperty("from").GetProperty("role").GetString() == "user");
        Assert.DoesNotContain(seen, a => a.GetProperty("from").GetProperty("role").GetString() == "agent");
    }

    [Fact]
    public async Task ResentActivityIsStoredOnceWithTheSameId()
    {
        var (id, token, _) = await fixture.StartAsync();
        var activity = new { type = "message", from = new { id = "r_user1" }, text = "hello twice", channelData = new { clientActivityID = "dup-1" } };

        var firstId = await fixture.PostAsync(id, token, activity);
        var secondId = await fixture.PostAsync(id, token, activity);

        Assert.Equal(firstId, secondId);
        var all = await fixture.PollAsync(id, token, null);
        Assert.Single(NotSystem(all));
    }

    [Fact]
    public async Task TokenNeverReachesAnotherConversation()
    {
        var (mine, myToken, _) = await fixture.StartAsync();
        var (theirs, theirToken, _) = await fixture.StartAsync();
        await fixture.PostAsync(theirs, theirToken, new { type = "message", from = new { id = "r_other" }, text = "private" });

        var poll = await fixture.Client(myToken).GetAsync($"/v3/directline/conversations/{theirs}/activities?watermark=");
        var post = await fixture.Client(myToken).PostAsJsonAsync($"/v3/directline/conversations/{theirs}/activities", new { type = "message", text = "x" });
        var reconnect = await fixture.Client(myToken).GetAsync($"/v3/directline/conversations/{theirs}");
        var unknownWithToken = await fixture.Client(myToken).GetAsync("/v3/directline/conversations/does-not-exist/activities");
        var unknownWithSecret = await fixture.Client(DirectLineFixture.Secret).GetAsync("/v3/directline/conversations/does-not-exist/activities");
        var anonymous = await fixture.Client(null).GetAsync($"/v3/directline/conversations/{mine}/activities");
        var forged = await fixture.Client(myToken[..^4] + "AAAA").GetAsync($"/v3/directline/conversations/{mine}/activities");

        Assert.Equal(HttpStatusCode.Forbidden, poll.StatusCode);
        Assert.DoesNotContain("private", await poll.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reconnect.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknownWithToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownWithSecret.StatusCode);
        Assert.Equal("NotFound", (await unknownWithSecret.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client(myToken).PostAsync("/v3/directline/tokens/generate", null)).StatusCode);
    }

    [Fact]
    public async Task ExpiredTokenIsRefusedWithTokenExpiredAndCannotBeRefreshed()
    {
        var (id, token, _) = await fixture.StartAsync();
        var past = new ManualTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        var expired = new DirectLineTokens(Options.Create(new DirectLineOptions { Secret = DirectLineFixture.Secret }), past).Issue(id, "r_user1");

        var poll = await fixture.Client(expired).GetAsync($"/v3/directline/conversations/{id}/activities");
        var refresh = await fixture.Client(expired).PostAsync("/v3/directline/tokens/refresh", null);
        var fresh = await fixture.Client(token).PostAsync("/v3/directline/tokens/refresh", null);

        Assert.Equal(HttpStatusCode.Forbidden, poll.StatusCode);
        Assert.Equal("TokenExpired", (await poll.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        var refreshed = await fresh.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, refreshed.GetProperty("conversationId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client(refreshed.GetProperty("token").GetString()).GetAsync($"/v3/directline/conversations/{id}/activities")).StatusCode);
    }

    [Fact]
    public async Task StartingTheSameConversationAgainAnswers200()
    {
        var (id, token, _) = await fixture.StartAsync();

        var again = await fixture.Client(token).PostAsJsonAsync("/v3/directline/conversations", new { user = new { } });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetString());
    }

    [Fact]
    public async Task StreamReplaysPushesKeepsAliveAndResumesByWatermarkWithoutDuplicates()
    {
        var (id, token, streamUrl) = await fixture.StartAsync();
        var firstId = await fixture.PostAsync(id, token, new { type = "message", from = new { id = "r_user1" }, text = "before the socket", channelData = new { clientActivityID = "s-1" } });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        string watermark;
        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(new Uri(streamUrl), timeout.Token);
            var replay = await NextSetAsync(socket, timeout.Token);
            Assert.Equal(firstId, Assert.Single(NotSystem(replay)).GetProperty("id").GetString());

            await fixture.ReplyAsOperatorAsync(id, "pushed reply");
            var pushed = await NextSetAsync(socket, timeout.Token);
            Assert.Equal("pushed reply", Assert.Single(NotSystem(pushed)).GetProperty("text").GetString());
            watermark = pushed.GetProperty("watermark").GetString()!;

            Assert.Equal(string.Empty, await NextFrameAsync(socket, timeout.Token));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }

        await fixture.PostAsync(id, token, new { type = "message", from = new { id = "r_user1" }, text = "while away", channelData = new { clientActivityID = "s-2" } });
        var reconnect = await fixture.Client(token).GetFromJsonAsync<JsonElement>($"/v3/directline/conversations/{id}?watermark={watermark}");
        using var resumed = new ClientWebSocket();
        await resumed.ConnectAsync(new Uri(reconnect.GetProperty("streamUrl").GetString()!), timeout.Token);
        var missed = await NextSetAsync(resumed, timeout.Token);

        Assert.Equal("while away", Assert.Single(missed.GetProperty("activities").EnumerateArray()).GetProperty("text").GetString());
        Assert.Equal(token, reconnect.GetProperty("token").GetString());
    }

    [Fact]
    public async Task StreamRefusesAnotherConversationsStreamToken()
    {
        var (_, _, streamUrl) = await fixture.StartAsync();
        var (other, _, _) = await fixture.StartAsync();
        var t = new Uri(streamUrl).Query.Split('&').Single(p => p.StartsWith("t=", StringComparison.Ordinal))[2..];
        var stolen = new Uri(new Uri(streamUrl), $"/v3/directline/conversations/{other}/stream?t={t}");
        using var socket = new ClientWebSocket();

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(stolen, CancellationToken.None));

        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreflightAllowsTheDirectLineHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v3/directline/conversations");
        request.Headers.Add("Origin", "https://shop.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-ms-bot-agent,x-requested-with");

        var response = await fixture.Client(null).SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("x-ms-bot-agent", allowed, StringComparison.Ordinal);
        Assert.Contains("authorization", allowed, StringComparison.Ordinal);
        Assert.Contains("x-requested-with", allowed, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> NextSetAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await NextFrameAsync(socket, cancellationToken);
            if (frame.Length > 0)
            {
                return JsonDocument.Parse(frame).RootElement;
            }
        }
    }

    private static async Task<string> NextFrameAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var frame = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            frame.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(frame.ToArray());
    }

    /// <summary>The activities of a set other than the gateway's own notices to the visitor (queue position and the like).</summary>
    private static IEnumerable<JsonElement> NotSystem(JsonElement set) =>
        set.GetProperty("activities").EnumerateArray().Where(a => a.GetProperty("from").GetProperty("id").GetString() != "livechat");
}

public sealed class DirectLineDisabledTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task WithoutASecretEveryDirectLineRouteIs404()
    {
        var client = fixture.App.Anonymous();

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/v3/directline/conversations", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/widget/token", null)).StatusCode);
    }
}
