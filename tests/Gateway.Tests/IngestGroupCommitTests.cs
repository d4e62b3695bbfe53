using LiveChat.Channels.Inbox;
using Npgsql;

namespace LiveChat.Gateway.Tests;

/// <summary>One ingest writer, so that requests arriving while it works are stored together in its next transaction.</summary>
public sealed class OneIngestWriterFixture : GatewayFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Ingest:Writers"] = "1" };
}

public sealed class IngestGroupCommitTests(OneIngestWriterFixture fixture) : IClassFixture<OneIngestWriterFixture>
{
    [Fact]
    public async Task ABadRequestStoredWithOthersFailsAloneAndTheOthersAreStored()
    {
        var admin = await fixture.App.AdminAsync();
        var inbox = fixture.App.Inbox;
        await inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("whatsapp", "492001", "Hello")), CancellationToken.None);

        // The only writer waits for the chat row this test holds, while two more requests queue behind it.
        await using var blocker = await fixture.Database.OpenAsync();
        await using var held = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("SELECT 1 FROM chats WHERE conversation_key = '492001' FOR UPDATE", transaction: held);
        var blocked = inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("whatsapp", "492001", "Still there?")), CancellationToken.None);
        await Eventually.Until("the ingest writer to wait for the held row", async () => await WaitingForLockAsync() > 0, TimeSpan.FromSeconds(30));
        // No channel: the NOT NULL constraint fails its transaction, as any item the database refuses would.
        var bad = inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText(null!, "492002", "Bad")), CancellationToken.None);
        var good = inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("whatsapp", "492003", "Where is my parcel?")), CancellationToken.None);
        Assert.False(bad.IsCompleted || good.IsCompleted);
        await held.RollbackAsync();

        Assert.Equal(new InboxResult(1, 0), await blocked);
        await Assert.ThrowsAsync<PostgresException>(() => bad);
        Assert.Equal(new InboxResult(1, 0), await good);
        var chatId = await admin.ChatIdAsync("whatsapp", "492003");
        var messages = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages");
        Assert.Contains(messages.EnumerateArray(), m => m.GetProperty("text").GetString() == "Where is my parcel?");
    }

    [Fact]
    public async Task ConcurrentRequestsStoredTogetherEachGetTheirOwnOutcome()
    {
        var admin = await fixture.App.AdminAsync();
        var unique = Enumerable.Range(0, 10)
            .SelectMany(customer => Enumerable.Range(0, 3).Select(n => Seed.CustomerText("whatsapp", $"49300{customer:D2}", $"message {n}", externalId: $"wamid.group.{customer}.{n}")))
            .ToList();

        // Every message is delivered twice, all at once, as an at-least-once sender under load may.
        var results = await Task.WhenAll(unique.Concat(unique).Select(Deliver));

        Assert.Equal(60, results.Length);
        Assert.Equal(30, results.Sum(r => r.Stored));
        Assert.Equal(30, results.Sum(r => r.Duplicates));
        Assert.All(results, r => Assert.Equal(1, r.Stored + r.Duplicates));
        for (var customer = 0; customer < 10; customer++)
        {
            var chatId = await admin.ChatIdAsync("whatsapp", $"49300{customer:D2}");
            var messages = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages");
            Assert.Equal(3, messages.EnumerateArray().Count(m => m.GetProperty("from").GetProperty("kind").GetString() == "visitor"));
        }

        Task<InboxResult> Deliver(InboundItem item) => Task.Run(() => fixture.App.Inbox.IngestAsync(InboundBatch.Of(item), CancellationToken.None));
    }

    private async Task<long> WaitingForLockAsync()
    {
        await using var connection = await fixture.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()");
    }
}
