using System.Net.Http.Headers;
using LiveChat.Gateway.Tests.Routing;

namespace LiveChat.Gateway.Tests.Workspace;

public sealed class AttachmentTestsOnPostgres(ConsoleFixture fixture) : AttachmentTests(fixture), IClassFixture<ConsoleFixture>;

public sealed class AttachmentTestsOnSqlite(SqliteConsoleFixture fixture) : AttachmentTests(fixture), IClassFixture<SqliteConsoleFixture>;

public abstract class AttachmentTests(ConsoleFixture fixture)
{
    private static readonly byte[] s_png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8];

    [Fact]
    public async Task OperatorImageReachesTheWhatsAppCustomerAtASignedLinkGraphCanFetch()
    {
        var chat = await fixture.ActiveChatAsync();

        var response = await SendAsync(chat.Owner, chat.ChatId, s_png, "image/png", "receipt.png", "Your receipt");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<MessageView>())!;
        Assert.Equal("Your receipt", message.Text);
        var attachment = Assert.Single(message.Attachments);
        Assert.StartsWith($"/api/v1/chats/{chat.ChatId}/attachments/file_", attachment.ContentUrl, StringComparison.Ordinal);
        var sent = await SentImageAsync(chat);
        Assert.Equal("Your receipt", sent.GetProperty("caption").GetString());
        var link = new Uri(sent.GetProperty("link").GetString()!);
        Assert.StartsWith($"{ConsoleFixture.PublicBaseUrl}/files/", link.ToString(), StringComparison.Ordinal);
        var fetched = await fixture.App.Anonymous().GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("image/png", fetched.Content.Headers.ContentType?.MediaType);
        Assert.Equal(s_png, await fetched.Content.ReadAsByteArrayAsync());
        Assert.Equal(s_png, await chat.Owner.Http.GetByteArrayAsync(attachment.ContentUrl));
    }

    [Fact]
    public async Task WidgetCustomerSeesTheOperatorsFileAndDownloadsIt()
    {
        var admin = await fixture.App.AdminAsync();
        var owner = await fixture.App.OnlineAsync(admin, "supervisor");
        var (conversationId, token, _) = await fixture.StartAsync("Wendy");
        await fixture.PostAsync(conversationId, token, new { type = "message", from = new { id = "r_user1" }, text = "Can I have the manual?" });
        var chatId = await fixture.ChatIdAsync(conversationId);
        (await owner.PostAsync($"/api/v1/chats/{chatId}/pickup")).EnsureSuccessStatusCode();
        var manual = "Step 1: unpack. Step 2: enjoy."u8.ToArray();

        (await SendAsync(owner, chatId, manual, "text/plain", "manual.txt", null)).EnsureSuccessStatusCode();

        var activities = await fixture.PollUntilAsync(conversationId, token, a => a.TryGetProperty("attachments", out var list) && list.GetArrayLength() == 1);
        var file = activities.Single(a => a.TryGetProperty("attachments", out var list) && list.GetArrayLength() == 1).GetProperty("attachments")[0];
        Assert.Equal("manual.txt", file.GetProperty("name").GetString());
        var link = new Uri(file.GetProperty("contentUrl").GetString()!);
        var downloaded = await fixture.App.Anonymous().GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, downloaded.StatusCode);
        Assert.Equal(manual, await downloaded.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", downloaded.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task TamperedOrExpiredLinksAndOtherDepartmentsCannotFetchTheFile()
    {
        var chat = await fixture.ActiveChatAsync();
        var stranger = await fixture.App.OnlineAsync(chat.Admin, "agent", await chat.Admin.DepartmentAsync($"Other {Guid.NewGuid():N}"));
        var message = (await (await SendAsync(chat.Owner, chat.ChatId, s_png, "image/png", "a.png", null)).Content.ReadFromJsonAsync<MessageView>())!;
        var operatorUrl = message.Attachments[0].ContentUrl!;
        var link = new Uri((await SentImageAsync(chat)).GetProperty("link").GetString()!).PathAndQuery;
        var anonymous = fixture.App.Anonymous();

        var genuine = await anonymous.GetAsync(link);
        var tampered = await anonymous.GetAsync(link.Replace("sig=", "sig=x", StringComparison.Ordinal));
        var foreign = await stranger.Http.GetAsync(operatorUrl);
        HttpResponseMessage expired;
        fixture.Clock.Advance(TimeSpan.FromDays(8));
        try
        {
            expired = await anonymous.GetAsync(link);
        }
        finally
        {
            // The class's other tests write to WhatsApp, whose 24-hour window is measured on this clock.
            fixture.Clock.Advance(TimeSpan.FromDays(-8));
        }

        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
    }

    [Fact]
    public async Task TooLargeFilesAre413AndTypesNotAllowedAre415WithProblemDetails()
    {
        var chat = await fixture.ActiveChatAsync();

        var large = await SendAsync(chat.Owner, chat.ChatId, new byte[ConsoleFixture.MaxAttachmentBytes + 1], "image/png", "big.png", null);
        var withinLimit = await SendAsync(chat.Owner, chat.ChatId, new byte[ConsoleFixture.MaxAttachmentBytes - 1], "application/pdf", "ok.pdf", null);
        var html = await SendAsync(chat.Owner, chat.ChatId, "<script>alert(1)</script>"u8.ToArray(), "text/html", "x.html", null);
        var none = await chat.Owner.Http.PostAsync($"/api/v1/chats/{chat.ChatId}/attachments", new MultipartFormDataContent { { new StringContent("only a caption"), "text" } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal("application/problem+json", large.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Created, withinLimit.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, html.StatusCode);
        Assert.Contains("text/html", await html.DetailAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.True((await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("file", out _));
    }

    /// <summary>The <c>image</c> object of the Send API request that carried an image to this chat's customer.</summary>
    private async Task<JsonElement> SentImageAsync(ActiveChat chat)
    {
        var sent = await fixture.Graph.WaitForAsync(
            fixture.SendRoute, r => r.Body.Contains("\"type\":\"image\"", StringComparison.Ordinal) && r.Body.Contains(chat.Key, StringComparison.Ordinal));
        return sent[0].Json().GetProperty("image");
    }

    private static async Task<HttpResponseMessage> SendAsync(OperatorClient client, string chatId, byte[] bytes, string contentType, string name, string? caption)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var form = new MultipartFormDataContent { { file, "file", name } };
        if (caption is not null)
        {
            form.Add(new StringContent(caption), "text");
        }

        return await client.Http.PostAsync($"/api/v1/chats/{chatId}/attachments", form);
    }
}
