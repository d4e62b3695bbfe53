using LiveChat.Channels.Inbox;

namespace LiveChat.Gateway.Tests;

/// <summary>PostgreSQL only: the gateway may run as several nodes there; SQLite is a single node.</summary>
public sealed class EventStreamAcrossNodesTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task EventCommittedOnOneNodeReachesAnOperatorOnAnother()
    {
        await using var nodeB = new GatewayApp(fixture.Database);
        var operatorOnB = await nodeB.AdminAsync();
        await using var stream = await EventStream.OpenAsync(operatorOnB.Http);

        await fixture.App.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("instagram", "igsid-two-nodes", "Written to node A")), CancellationToken.None);

        var queued = await stream.NextAsync("chat.queued");
        Assert.Equal("Written to node A", JsonDocument.Parse(queued.Data).RootElement.GetProperty("data").GetProperty("question").GetString());
    }
}

public sealed class EventStreamTestsOnPostgres(GatewayFixture fixture) : EventStreamTests(fixture), IClassFixture<GatewayFixture>;

public sealed class EventStreamTestsOnSqlite(SqliteGatewayFixture fixture) : EventStreamTests(fixture), IClassFixture<SqliteGatewayFixture>;

public abstract class EventStreamTests(GatewayFixture fixture)
{
    [Fact]
    public async Task IncomingChatAlertReachesTheOperatorStream()
    {
        var admin = await fixture.App.AdminAsync();
        await using var stream = await EventStream.OpenAsync(admin.Http);

        await Ingest(Seed.CustomerText("whatsapp", "49200001", "Hello, is anyone there?", name: "Lea"));

        var queued = await stream.NextAsync("chat.queued");
        var data = JsonDocument.Parse(queued.Data).RootElement;
        Assert.Equal("chat.queued", data.GetProperty("type").GetString());
        Assert.Equal("Hello, is anyone there?", data.GetProperty("data").GetProperty("question").GetString());
        Assert.Equal("Lea", data.GetProperty("data").GetProperty("visitor").GetProperty("name").GetString());
        Assert.Equal(data.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), queued.EventId);
        var message = await stream.NextAsync("chat.message");
        Assert.Equal("Hello, is anyone there?", JsonDocument.Parse(message.Data).RootElement.GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public async Task ReconnectWithLastEventIdReplaysExactlyWhatWasMissed()
    {
        var admin = await fixture.App.AdminAsync();
        string lastSeen;
        await using (var first = await EventStream.OpenAsync(admin.Http))
        {
            await Ingest(Seed.CustomerText("whatsapp", "49200002", "before the drop"));
            await first.NextAsync("chat.queued");
            lastSeen = (await first.NextAsync("chat.message")).EventId!;
        }

        await Ingest(Seed.CustomerText("whatsapp", "49200003", "missed one"));
        await Ingest(Seed.CustomerText("whatsapp", "49200004", "missed two"));

        await using var second = await EventStream.OpenAsync(admin.Http, lastSeen);
        await Ingest(Seed.CustomerText("whatsapp", "49200005", "after the reconnect"));
        var texts = new List<string>();
        var ids = new List<long>();
        while (texts.Count < 3)
        {
            var item = await second.NextAsync("chat.message");
            if (JsonDocument.Parse(item.Data).RootElement.GetProperty("data").GetProperty("from").GetProperty("kind").GetString() != "visitor")
            {
                continue;
            }

            ids.Add(long.Parse(item.EventId!, System.Globalization.CultureInfo.InvariantCulture));
            texts.Add(JsonDocument.Parse(item.Data).RootElement.GetProperty("data").GetProperty("text").GetString()!);
        }

        Assert.Equal(["missed one", "missed two", "after the reconnect"], texts);
        Assert.Equal(ids.Order(), ids);
        Assert.All(ids, id => Assert.True(id > long.Parse(lastSeen, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task AgentStreamCarriesOnlyTheirDepartments()
    {
        var admin = await fixture.App.AdminAsync();
        var mine = await admin.DepartmentAsync($"Mine {Guid.NewGuid():N}");
        var other = await admin.DepartmentAsync($"Other {Guid.NewGuid():N}");
        var agent = await admin.OperatorAsync("agent", mine);
        var client = await fixture.App.SignInAsync(agent.Email, agent.Password);
        await using var stream = await EventStream.OpenAsync(client.Http);

        await Ingest(Seed.CustomerText("messenger", "psid-other-dept", "not for you", departmentId: other));
        await Ingest(Seed.CustomerText("messenger", "psid-my-dept", "for you", departmentId: mine));

        // The other department's chat was written first, so anything of it would have come before this one.
        var received = await stream.UntilAsync("chat.queued", data => data.GetProperty("question").GetString() == "for you");
        Assert.DoesNotContain(received, e => e.Data.Contains("not for you", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MalformedLastEventIdIsRejected()
    {
        var admin = await fixture.App.AdminAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        request.Headers.Add("Last-Event-ID", "yesterday");

        var response = await admin.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Last-Event-ID", out _));
    }

    private Task Ingest(params InboundItem[] items) => fixture.App.Inbox.IngestAsync(new InboundBatch(items, []), CancellationToken.None);
}
