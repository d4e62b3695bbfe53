using LiveChat.Gateway.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LiveChat.Gateway.Tests;

public sealed class MigrationTests
{
    private static readonly string[] s_tables =
    [
        "departments", "operators", "operator_departments", "visitors", "chats", "chat_tags", "chat_summaries",
        "chat_participants", "messages", "chat_history", "events", "outbox", "ticket_requests", "settings",
    ];

    [Fact]
    public async Task MigratesAnEmptyPostgresDatabaseAndServes()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var app = new GatewayApp(database.ConnectionString))
        {
            var health = await app.Anonymous().GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        await using var connection = await database.OpenAsync();
        var tables = (await connection.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).ToHashSet();
        Assert.All(s_tables, table => Assert.Contains(table, tables));
        var versions = await connection.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version");
        Assert.Equal(Migrator.Discover(StorageProvider.Postgres).Select(m => m.Version), versions);
    }

    [Fact]
    public async Task SecondStartAppliesNothingAndKeepsData()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var first = new GatewayApp(database.ConnectionString))
        {
            var admin = await first.AdminAsync();
            await admin.DepartmentAsync("Billing");
        }

        await using var second = new GatewayApp(database.ConnectionString);
        var again = await second.AdminAsync();
        var departments = await again.Http.GetFromJsonAsync<JsonElement>("/api/v1/departments");
        Assert.Contains(departments.EnumerateArray(), d => d.GetProperty("name").GetString() == "Billing");
        var applied = await second.Services.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None);
        Assert.Empty(applied);
    }

    [Fact]
    public async Task MigratesAnEmptySqliteFileAndServes()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using (var app = new GatewayApp(database))
        {
            var admin = await app.AdminAsync();
            var health = await app.Anonymous().GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            await admin.DepartmentAsync("Sales");
            await app.Inbox.IngestAsync(LiveChat.Channels.Inbox.InboundBatch.Of(Seed.CustomerText("whatsapp", "4915111", "Hallo, wo ist mein Paket?")), CancellationToken.None);
            var queued = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=queued");
            Assert.Equal("Hallo, wo ist mein Paket?", Assert.Single(queued.EnumerateArray()).GetProperty("question").GetString());
        }

        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToHashSet();
        Assert.All(s_tables, table => Assert.Contains(table, tables));
    }
}
