using Microsoft.Extensions.DependencyInjection;
using LiveChat.Gateway.Bots;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;
using LiveChat.Gateway.Storage;

namespace LiveChat.Gateway.Tests.Storage;

public sealed class UnitOfWorkTestsOnPostgres(GatewayFixture fixture) : UnitOfWorkTests(fixture), IClassFixture<GatewayFixture>;

public sealed class UnitOfWorkTestsOnSqlite(SqliteGatewayFixture fixture) : UnitOfWorkTests(fixture), IClassFixture<SqliteGatewayFixture>;

/// <summary>The unit of work owns the events it raises: its one commit writes them and wakes the streams; without it they never exist.</summary>
public abstract class UnitOfWorkTests(GatewayFixture fixture)
{
    private Db Db => fixture.App.Services.GetRequiredService<Db>();

    [Fact]
    public async Task RaisedEventsReachTheStreamOnlyWhenTheUnitCommits()
    {
        var admin = await fixture.App.AdminAsync();
        await using var stream = await EventStream.OpenAsync(admin.Http);
        var marker = $"op_{Guid.NewGuid():N}";

        await using (var rolledBack = await Db.BeginAsync(CancellationToken.None))
        {
            rolledBack.Raise(new OperatorStatus("op_rolled_back", "Never", "online", false, DateTimeOffset.UtcNow), EventRoute.Everyone);
        }

        await using (var committed = await Db.BeginAsync(CancellationToken.None))
        {
            committed.Raise(new OperatorStatus(marker, "Marker", "online", true, DateTimeOffset.UtcNow), EventRoute.Everyone);
            await committed.CommitAsync(CancellationToken.None);
        }

        var seen = await stream.UntilAsync(EventType.OperatorStatus, data => data.GetProperty("operatorId").GetString() == marker);
        Assert.DoesNotContain(seen, item => item.Data.Contains("op_rolled_back", StringComparison.Ordinal));
        Assert.Contains("\"name\":\"Marker\",\"status\":\"online\",\"ringer\":true", seen[^1].Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADatabaseWithoutCommitEffectsRefusesToCommitRaisedEvents()
    {
        // The app's own data source, not disposed here: a bare Db over it has no commit effects.
        var bare = new Db(Db.DataSource, Db.Provider);
        await using var work = await bare.BeginAsync(CancellationToken.None);
        work.Raise(new OperatorStatus("op_x", "X", "online", false, DateTimeOffset.UtcNow), EventRoute.Everyone);

        await Assert.ThrowsAsync<InvalidOperationException>(() => work.CommitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AHandlerFollowsARaisedEventInItsTransactionAndWhatItRaisesIsAppendedAfterIt()
    {
        var services = fixture.App.Services;
        var commit = new UnitOfWorkCommit(
            TimeProvider.System,
            [new FollowTheLeader()],
            services.GetRequiredService<EventSignal>(),
            services.GetRequiredService<NotifySignal>(),
            services.GetRequiredService<TicketSignal>(),
            services.GetRequiredService<OutboxSignal>(),
            services.GetRequiredService<BotDeliveries>());
        var db = new Db(Db.DataSource, Db.Provider, commit);
        var admin = await fixture.App.AdminAsync();
        await using var stream = await EventStream.OpenAsync(admin.Http);
        var marker = $"op_{Guid.NewGuid():N}";

        await using (var rolledBack = await db.BeginAsync(CancellationToken.None))
        {
            rolledBack.Raise(new OperatorStatus($"{marker}_rolled_back", "Leader", "online", false, DateTimeOffset.UtcNow), EventRoute.Everyone);
        }

        await using (var committed = await db.BeginAsync(CancellationToken.None))
        {
            committed.Raise(new OperatorStatus(marker, "Leader", "online", false, DateTimeOffset.UtcNow), EventRoute.Everyone);
            await committed.CommitAsync(CancellationToken.None);
        }

        var seen = await stream.UntilAsync(
            EventType.OperatorStatus, data => data.GetProperty("operatorId").GetString() == marker && data.GetProperty("name").GetString() == "Follower");
        var ours = seen.Where(item => item.Data.Contains(marker, StringComparison.Ordinal)).Select(item => JsonDocument.Parse(item.Data).RootElement.GetProperty("data")).ToList();
        Assert.Equal(["Leader", "Follower"], ours.Select(e => e.GetProperty("name").GetString()));
        Assert.All(ours, e => Assert.Equal(marker, e.GetProperty("operatorId").GetString()));
    }

    /// <summary>Follows a "Leader" status with a "Follower" one for the same operator, in the same unit.</summary>
    private sealed class FollowTheLeader : IRaisedEventHandler
    {
        public Task HandleAsync(UnitOfWork work, GatewayEvent raised)
        {
            if (raised is OperatorStatus { Name: "Leader" } leader)
            {
                work.Raise(leader with { Name = "Follower" }, EventRoute.Everyone);
            }

            return Task.CompletedTask;
        }
    }
}
