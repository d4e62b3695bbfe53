using LiveChat.Channels.Inbox;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LiveChat.Gateway.Tests;

/// <summary>Event ids are taken without a lock, so they can commit out of order; the stream must not lose or reorder them.</summary>
public sealed class EventOrderingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task EventOfASlowTransactionArrivesBeforeLaterOnes()
    {
        var admin = await fixture.App.AdminAsync();
        await using var stream = await EventStream.OpenAsync(admin.Http);
        await using var slow = await fixture.Database.OpenAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        var slowId = await slow.ExecuteScalarAsync<long>(
            "INSERT INTO events (type, payload, created_at) VALUES ('test.slow', '{\"who\":\"slow\"}', now()) RETURNING id", transaction: transaction);

        await fixture.App.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("whatsapp", "49300001", "committed first, numbered later")), CancellationToken.None);
        // The node reads the log again and again meanwhile, with the chat's events committed, and settles nothing past the gap.
        var settled = await fixture.App.Services.GetRequiredService<Events.EventHub>().CatchUpAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);
        var early = stream.ReceivedSoFar();
        await transaction.CommitAsync();

        Assert.True(settled < slowId, $"the node settled {settled}, past the open transaction's {slowId}");
        Assert.DoesNotContain(early, e => e.EventType is "chat.queued" or "chat.message");
        var first = await stream.NextAsync("test.slow");
        var queued = await stream.NextAsync("chat.queued");
        Assert.Equal(slowId.ToString(System.Globalization.CultureInfo.InvariantCulture), first.EventId);
        Assert.True(long.Parse(queued.EventId!, System.Globalization.CultureInfo.InvariantCulture) > slowId);
    }

    [Fact]
    public async Task IdOfARolledBackTransactionIsPassedOver()
    {
        var admin = await fixture.App.AdminAsync();
        await using var stream = await EventStream.OpenAsync(admin.Http);
        await using (var aborted = await fixture.Database.OpenAsync())
        {
            await using var transaction = await aborted.BeginTransactionAsync();
            await aborted.ExecuteAsync("INSERT INTO events (type, payload, created_at) VALUES ('test.aborted', '{}', now())", transaction: transaction);
            await transaction.RollbackAsync();
        }

        await fixture.App.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("whatsapp", "49300002", "after a rollback")), CancellationToken.None);

        var queued = await stream.NextAsync("chat.queued", EventHubGapTimeout + TimeSpan.FromSeconds(5));
        Assert.Contains("after a rollback", queued.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReaderThatStoppedReadingIsCutOffWhileOthersGetEverything()
    {
        var hub = fixture.App.Services.GetRequiredService<Events.EventHub>();
        using var stopped = hub.Subscribe(e => e.Type == "test.flood");
        using var reading = hub.Subscribe(e => e.Type == "test.flood");
        var flood = Events.EventHub.SubscriberBuffer + 1;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var read = Task.Run(() => CountAsync(reading, flood, timeout.Token));

        await using (var connection = await fixture.Database.OpenAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO events (type, payload, created_at) SELECT 'test.flood', '{}', now() FROM generate_series(1, @flood)", new { flood });
        }

        hub.Wake();
        Assert.Equal(flood, await read);

        // The one that never read holds what it was handed before it fell too far behind, then ends (its client
        // reconnects with Last-Event-ID and replays the rest from the log).
        var kept = await CountAsync(stopped, int.MaxValue, timeout.Token);
        Assert.InRange(kept, 1, Events.EventHub.SubscriberBuffer);
    }

    /// <summary>Events read until <paramref name="expected"/> or until the subscription ends.</summary>
    private static async Task<int> CountAsync(Events.EventHub.Subscription subscription, int expected, CancellationToken cancellationToken)
    {
        var count = 0;
        while (count < expected && await subscription.WaitToReadAsync(cancellationToken))
        {
            while (subscription.TryRead(out var batch))
            {
                count += batch.Length;
            }
        }

        return count;
    }

    private static TimeSpan EventHubGapTimeout => Events.EventHub.GapTimeout;
}
