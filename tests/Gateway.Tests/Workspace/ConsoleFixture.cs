using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Tests.Channels;
using LiveChat.Gateway.Tests.DirectLine;
using LiveChat.Gateway.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LiveChat.Gateway.Tests.Workspace;

/// <summary>
/// A gateway for the operator console's routes: the web widget (Direct Line) and WhatsApp (its Graph API played by WireMock) enabled,
/// a public base address for links the channels fetch, and a clock the test moves by hand.
/// </summary>
public class ConsoleFixture : DirectLineFixture
{
    public const string PublicBaseUrl = "https://chat.example.test";

    /// <summary>Above the request body limit (64 KiB) on purpose: the attachment route raises its own.</summary>
    public const int MaxAttachmentBytes = 256 * 1024;

    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public ApiMock Graph { get; private set; } = null!;

    public string SendRoute => $"POST /v23.0/{WhatsAppFixture.PhoneNumberId}/messages";

    protected override TimeProvider? Time => Clock;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Routing:SweepIntervalMilliseconds"] = "60000",
        ["Hosting:PublicBaseUrl"] = PublicBaseUrl,
        ["Hosting:MaxRequestBodyBytes"] = "65536",
        ["Attachments:MaxBytes"] = MaxAttachmentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Channels:WhatsApp:AppSecret"] = WhatsAppFixture.AppSecret,
        ["Channels:WhatsApp:VerifyToken"] = "verify-me",
        ["Channels:WhatsApp:AccessToken"] = WhatsAppFixture.AccessToken,
        ["Channels:WhatsApp:PhoneNumberId"] = WhatsAppFixture.PhoneNumberId,
        ["Channels:WhatsApp:GraphBaseUrl"] = Graph.BaseUri.ToString().TrimEnd('/'),
        ["Channels:WhatsApp:ApiVersion"] = "v23.0",
    };

    public override async Task InitializeAsync()
    {
        Graph = ApiMock.Start();
        Graph.On(SendRoute, _ => StubResponse.Json($$$"""{"messaging_product":"whatsapp","messages":[{"id":"wamid.auto-{{{Guid.NewGuid():N}}}"}]}"""));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Graph.Dispose();
    }

    public Task<int> SweepPresenceAsync() => App.Services.GetRequiredService<PresenceSweeper>().SweepAsync(CancellationToken.None);

    /// <summary>A WhatsApp customer writes into their conversation <paramref name="key"/>.</summary>
    public Task CustomerWritesAsync(string key, string text, string? departmentId = null, string? name = null) =>
        App.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("whatsapp", key, text, departmentId: departmentId, name: name)), CancellationToken.None);

    /// <summary>A department, an online agent in it, and a WhatsApp chat the agent picked up.</summary>
    public async Task<ActiveChat> ActiveChatAsync(string text = "Where is my order?")
    {
        var admin = await App.AdminAsync();
        var department = await admin.DepartmentAsync($"Console {Guid.NewGuid():N}");
        var owner = await App.OnlineAsync(admin, "agent", department);
        var key = $"49{Random.Shared.NextInt64(100_000_000, 999_999_999)}";
        var chatId = await this.QueueChatAsync(department, text, key);
        (await owner.PostAsync($"/api/v1/chats/{chatId}/pickup")).EnsureSuccessStatusCode();
        return new ActiveChat(admin, department, owner, chatId, key);
    }

    public async Task<List<MessageView>> MessagesAsync(OperatorClient client, string chatId, string query = "") =>
        (await client.Http.GetFromJsonAsync<List<MessageView>>($"/api/v1/chats/{chatId}/messages{query}"))!;
}

/// <summary>The same on the embedded SQLite default.</summary>
public sealed class SqliteConsoleFixture : ConsoleFixture
{
    public override DatabaseKind Kind => DatabaseKind.Sqlite;
}

public sealed record ActiveChat(OperatorClient Admin, string Department, OperatorClient Owner, string ChatId, string Key);
