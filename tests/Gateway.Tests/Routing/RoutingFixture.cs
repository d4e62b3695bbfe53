using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LiveChat.Gateway.Tests.Routing;

/// <summary>
/// A gateway node on a hand-moved clock. Its timer loop sweeps only once a minute here, so tests run the sweeps
/// themselves after moving the clock and see exactly what became due.
/// </summary>
public class RoutingFixture : GatewayFixture
{
    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override TimeProvider? Time => Clock;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Routing:SweepIntervalMilliseconds"] = "60000",
    };

    public Task<SweepResult> SweepAsync(GatewayApp? node = null) =>
        (node ?? App).Services.GetRequiredService<ChatSweeper>().SweepAsync(CancellationToken.None);
}

/// <summary>The same on the embedded SQLite default.</summary>
public sealed class SqliteRoutingFixture : RoutingFixture
{
    public override DatabaseKind Kind => DatabaseKind.Sqlite;
}

/// <summary>Operators, queued chats and database look-ups for the routing tests.</summary>
public static class RoutingSeed
{
    public static async Task<OperatorClient> OnlineAsync(this GatewayApp app, OperatorClient admin, string role, params string[] departmentIds)
    {
        var account = await admin.OperatorAsync(role, departmentIds);
        var client = await app.SignInAsync(account.Email, account.Password);
        (await client.Http.PutAsJsonAsync("/api/v1/operators/me/status", new { status = "online" })).EnsureSuccessStatusCode();
        return client;
    }

    public static async Task<OperatorClient> OfflineAsync(this GatewayApp app, OperatorClient admin, string role, params string[] departmentIds)
    {
        var account = await admin.OperatorAsync(role, departmentIds);
        return await app.SignInAsync(account.Email, account.Password);
    }

    /// <summary>A customer writes on WhatsApp; returns the id of the chat that opened (queued).</summary>
    public static async Task<string> QueueChatAsync(this GatewayFixture fixture, string departmentId, string text = "Where is my order?", string? key = null)
    {
        key ??= $"49{Random.Shared.NextInt64(100_000_000, 999_999_999)}";
        await fixture.App.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("whatsapp", key, text, departmentId: departmentId)), CancellationToken.None);
        await using var connection = await fixture.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT id FROM chats WHERE conversation_key = @key AND ended_at IS NULL", new { key })
            ?? throw new InvalidOperationException("No chat opened.");
    }

    public static async Task VisitorActivityAsync(this GatewayFixture fixture, string chatId, string activityType)
    {
        var key = await fixture.ScalarAsync<string>("SELECT conversation_key FROM chats WHERE id = @chatId", new { chatId });
        var item = new InboundItem("whatsapp", $"ext-{Guid.NewGuid():N}", key!, new Activity { Type = activityType }, VisitorProfile.Unknown);
        await fixture.App.Inbox.IngestAsync(InboundBatch.Of(item), CancellationToken.None);
    }

    public static async Task<T?> ScalarAsync<T>(this GatewayFixture fixture, string sql, object? parameters = null)
    {
        await using var connection = await fixture.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters);
    }

    public static async Task<List<T>> QueryAsync<T>(this GatewayFixture fixture, string sql, object? parameters = null)
    {
        await using var connection = await fixture.Database.OpenAsync();
        return [.. await connection.QueryAsync<T>(sql, parameters)];
    }

    public static async Task<JsonElement> ChatAsync(this OperatorClient client, string chatId) =>
        await client.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");

    public static async Task<List<string>> SystemTextsAsync(this GatewayFixture fixture, string chatId) =>
        await fixture.QueryAsync<string>("SELECT text FROM messages WHERE chat_id = @chatId AND sender_kind = 'system' ORDER BY seq", new { chatId });

    public static async Task<HttpResponseMessage> PostAsync(this OperatorClient client, string path, object? body = null) =>
        await client.Http.PostAsJsonAsync(path, body ?? new { });

    public static async Task<string?> DetailAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();

    public static JsonElement Data(this System.Net.ServerSentEvents.SseItem<string> item) =>
        JsonDocument.Parse(item.Data).RootElement.GetProperty("data");
}
