using System.Net.Http.Headers;
using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Tests.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LiveChat.Gateway.Tests.Workspace;

public sealed class SqliteConsoleTests
{
    [Fact]
    public async Task TheEmbeddedSetupServesTheConsolesRoutes()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new GatewayApp(database, new Dictionary<string, string?> { ["Routing:SweepIntervalMilliseconds"] = "60000" }, clock);
        var admin = await app.AdminAsync();
        var department = await admin.DepartmentAsync("Embedded");
        var anna = await app.OnlineAsync(admin, "agent", department);
        var ben = await app.OnlineAsync(admin, "agent", department);
        await app.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("webchat", "embedded-1", "Where is parcel XY-42?", departmentId: department, name: "Lisa")), CancellationToken.None);
        await app.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("webchat", "embedded-1", "Hello?", departmentId: department)), CancellationToken.None);
        var chatId = (await anna.Http.GetFromJsonAsync<List<ChatView>>("/api/v1/chats?view=queued"))![0].Id;
        (await anna.PostAsync($"/api/v1/chats/{chatId}/pickup")).EnsureSuccessStatusCode();

        var note = await anna.PostAsync($"/api/v1/chats/{chatId}/notes", new NoteRequest("internal"));
        var messages = (await anna.Http.GetFromJsonAsync<List<MessageView>>($"/api/v1/chats/{chatId}/messages"))!;
        var older = (await anna.Http.GetFromJsonAsync<List<MessageView>>($"/api/v1/chats/{chatId}/messages?before={messages[^1].Id}&limit=1"))!;
        var read = await anna.PostAsync($"/api/v1/chats/{chatId}/read", new ReadRequest(messages[0].Id));
        var unread = await anna.Http.GetFromJsonAsync<List<UnreadView>>("/api/v1/chats/unread");
        (await anna.PostAsync($"/api/v1/chats/{chatId}/presence", new PresenceRequest(true))).EnsureSuccessStatusCode();
        var viewing = await ben.Http.GetFromJsonAsync<PresenceView>($"/api/v1/chats/{chatId}/presence");
        var colleagues = await anna.Http.GetFromJsonAsync<List<ColleagueView>>($"/api/v1/chats/{chatId}/colleagues?purpose=transfer");
        (await anna.PostAsync($"/api/v1/chats/{chatId}/transfer", new { operatorId = ben.Id })).EnsureSuccessStatusCode();
        var requests = await ben.Http.GetFromJsonAsync<List<ChatRequestView>>("/api/v1/chats/requests");
        var found = await anna.Http.GetFromJsonAsync<List<ChatSearchHit>>("/api/v1/chats/search?q=xy-42");
        (await anna.Http.PutAsJsonAsync("/api/v1/operators/me/preferences", new OperatorPreferences(Sound: false))).EnsureSuccessStatusCode();
        var preferences = await anna.Http.GetFromJsonAsync<OperatorPreferences>("/api/v1/operators/me/preferences");
        var upload = new ByteArrayContent("hello"u8.ToArray());
        upload.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        var sent = await anna.Http.PostAsync($"/api/v1/chats/{chatId}/attachments", new MultipartFormDataContent { { upload, "file", "hello.txt" } });
        var fileUrl = (await sent.Content.ReadFromJsonAsync<MessageView>())!.Attachments[0].ContentUrl!;
        clock.Advance(ChatPresence.Lifetime + TimeSpan.FromSeconds(1));
        await app.Services.GetRequiredService<PresenceSweeper>().SweepAsync(CancellationToken.None);
        var afterSweep = await ben.Http.GetFromJsonAsync<PresenceView>($"/api/v1/chats/{chatId}/presence");

        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        Assert.Equal([messages[^2].Id], older.Select(m => m.Id));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(1, Assert.Single(unread!).Unread);
        Assert.True(Assert.Single(viewing!.Viewers).Typing);
        Assert.Equal([ben.Id], colleagues!.Select(c => c.Id));
        Assert.Equal(anna.Id, Assert.Single(requests!).FromOperatorId);
        Assert.Equal("Where is parcel XY-42?", Assert.Single(found!).Snippet);
        Assert.False(preferences!.Sound);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.Equal("hello"u8.ToArray(), await anna.Http.GetByteArrayAsync(fileUrl));
        Assert.Empty(afterSweep!.Viewers);
    }
}
