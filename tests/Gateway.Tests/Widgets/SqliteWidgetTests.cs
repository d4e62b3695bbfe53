using LiveChat.Channels.Inbox;

namespace LiveChat.Gateway.Tests.Widgets;

/// <summary>The embedded (SQLite) setup: widgets are stored, scoped and shown with a token that verifies.</summary>
public sealed class SqliteWidgetTests
{
    [Fact]
    public async Task TheEmbeddedSetupStoresWidgetsAndShowsAChatsWidgetWithAVerifyingToken()
    {
        var file = Path.Combine(Path.GetTempPath(), $"lc-widgets-{Guid.NewGuid():N}.db");
        try
        {
            await using var app = new GatewayApp($"Data Source={file}", new Dictionary<string, string?> { ["Routing:SweepIntervalMilliseconds"] = "60000" }, provider: "Sqlite");
            var admin = await app.AdminAsync();
            var other = await admin.DepartmentAsync("Elsewhere");
            await app.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("whatsapp", "4915112345678", "Is my order on its way?", name: "Lisa")), CancellationToken.None);
            var chatId = await admin.ChatIdAsync("whatsapp", "4915112345678");
            var created = await admin.Http.PostAsJsonAsync("/api/v1/widgets", new WidgetRequest("CRM", "iframe", "https://crm.example.test/?phone={phone}"));
            var widget = (await created.Content.ReadFromJsonAsync<WidgetSecretView>())!;
            var elsewhere = await admin.Http.PostAsJsonAsync("/api/v1/widgets", new WidgetRequest("Other", "iframe", "https://other.example.test/", DepartmentId: other));
            Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
            var off = await admin.Http.PutAsJsonAsync($"/api/v1/widgets/{widget.Widget.Id}", new WidgetRequest("CRM", "iframe", "https://crm.example.test/?phone={phone}", Enabled: false));
            Assert.False((await off.Content.ReadFromJsonAsync<WidgetView>())!.Enabled);
            Assert.Empty(await WidgetFixture.WidgetsAsync(admin, chatId));
            await admin.Http.PutAsJsonAsync($"/api/v1/widgets/{widget.Widget.Id}", new WidgetRequest("CRM", "iframe", "https://crm.example.test/?phone={phone}"));

            var shown = Assert.Single(await WidgetFixture.WidgetsAsync(admin, chatId));

            Assert.StartsWith("https://crm.example.test/?phone=%2B4915112345678#livechat_token=", shown.Url, StringComparison.Ordinal);
            var verified = await WidgetFixture.VerifyAsync(shown.Url!.Split("#livechat_token=")[1], widget.Secret, widget.Widget.Id);
            Assert.True(verified.IsValid);
            Assert.Equal(chatId, verified.Claims["chat_id"]);
            Assert.Equal("+4915112345678", verified.Claims["visitor_phone"]);
            Assert.Equal(2, (await admin.Http.GetFromJsonAsync<List<WidgetView>>("/api/v1/widgets"))!.Count);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
