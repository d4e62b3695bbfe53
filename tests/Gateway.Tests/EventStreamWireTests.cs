using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LiveChat.Gateway.Tests;

public sealed class EventStreamWireTestsOnPostgres(GatewayFixture fixture) : EventStreamWireTests(fixture), IClassFixture<GatewayFixture>;

public sealed class EventStreamWireTestsOnSqlite(SqliteGatewayFixture fixture) : EventStreamWireTests(fixture), IClassFixture<SqliteGatewayFixture>;

/// <summary>What an operator's stream puts on the wire: each event's frame is built once and shared by every stream.</summary>
public abstract class EventStreamWireTests(GatewayFixture fixture)
{
    [Fact]
    public async Task EventFrameCarriesTypeEnvelopeAndIdOnTheWire()
    {
        var admin = await fixture.App.AdminAsync();
        using var response = await admin.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/events"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-cache", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal("no", Assert.Single(response.Headers.GetValues("X-Accel-Buffering")));
        await using var body = await response.Content.ReadAsStreamAsync();

        await using var connection = await fixture.Database.OpenAsync();
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO events (type, payload, created_at) VALUES ('test.wire', '{\"n\": 1, \"text\": \"Grüße\\nzweite Zeile\"}', '2026-01-02T03:04:05Z') RETURNING id");
        var wire = await ReadUntilAsync(body, $"id: {id}\n\n");

        var ready = Regex.Match(wire, "^event: stream.ready\ndata: (?<json>[^\n]*)\n\n", RegexOptions.CultureInvariant);
        Assert.True(ready.Success, wire);
        Assert.Equal("stream.ready", JsonDocument.Parse(ready.Groups["json"].Value).RootElement.GetProperty("type").GetString());
        var expected = $"event: test.wire\ndata: {{\"id\":{id},\"type\":\"test.wire\",\"at\":\"2026-01-02T03:04:05+00:00\",\"data\":{{\"n\":1,\"text\":\"Grüße\\nzweite Zeile\"}}}}\nid: {id}\n\n";
        Assert.Equal(expected, wire[wire.IndexOf("event: test.wire", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task ManyEventsCommittedTogetherReachTheStreamInOrder()
    {
        var admin = await fixture.App.AdminAsync();
        await using var stream = await EventStream.OpenAsync(admin.Http);
        await stream.NextAsync("stream.ready");

        // More than a page of the hub's log read and more than one flush of the stream, in one transaction.
        await using var connection = await fixture.Database.OpenAsync();
        var inserted = (await connection.QueryAsync<(long Id, string Payload)>(
            fixture.Kind == DatabaseKind.Sqlite
                ? """
                  WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1200)
                  INSERT INTO events (type, department_id, payload, created_at)
                  SELECT 'test.burst', NULL, json_object('n', n, 'text', replace(hex(zeroblob(50)), '0', 'x')), @now FROM s
                  RETURNING id, payload
                  """
                : "INSERT INTO events (type, department_id, payload, created_at) SELECT 'test.burst', NULL, json_build_object('n', n, 'text', repeat('x', 100))::text, @now FROM generate_series(1, 1200) AS n RETURNING id, payload",
            new { now = DateTimeOffset.UtcNow }))
            .ToDictionary(row => row.Id, row => JsonDocument.Parse(row.Payload).RootElement.GetProperty("n").GetInt32());

        var received = new List<long>();
        while (received.Count < inserted.Count)
        {
            var item = await stream.NextAsync("test.burst");
            var id = long.Parse(item.EventId!, CultureInfo.InvariantCulture);
            var envelope = JsonDocument.Parse(item.Data).RootElement;
            Assert.Equal(id, envelope.GetProperty("id").GetInt64());
            Assert.Equal("test.burst", envelope.GetProperty("type").GetString());
            Assert.Equal(inserted[id], envelope.GetProperty("data").GetProperty("n").GetInt32());
            received.Add(id);
        }

        Assert.Equal(inserted.Keys.Order(), received);
    }

    private static async Task<string> ReadUntilAsync(Stream body, string end)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        while (!Encoding.UTF8.GetString(received.ToArray()).EndsWith(end, StringComparison.Ordinal))
        {
            var read = await body.ReadAsync(buffer, timeout.Token);
            Assert.NotEqual(0, read);
            received.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }
}
