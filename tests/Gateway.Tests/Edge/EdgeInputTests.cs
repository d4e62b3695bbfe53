using LiveChat.Resilience;
using System.Text;
using LiveChat.Gateway.Tests.DirectLine;

namespace LiveChat.Gateway.Tests.Edge;

/// <summary>Regressions of issue 16: what once answered 500 at the edge.</summary>
public sealed class EdgeInputTests(EdgeFixture fixture) : IClassFixture<EdgeFixture>
{
    private static string Phone() => $"1555{Random.Shared.Next(1_000_000, 9_999_999)}";

    [Fact]
    public void CutNeverSplitsATextElement()
    {
        var text = new string('a', 499) + "😀" + "e\u0301" + "tail";

        Assert.Equal(new string('a', 499), SafeText.Cut(text, 500));
        Assert.Equal(new string('a', 499) + "😀", SafeText.Cut(text, 502));
        Assert.Equal(new string('a', 499) + "😀e\u0301", SafeText.Cut(text, 503));
        Assert.Equal(new string('a', 499) + "😀e\u0301t", SafeText.Cut(text, 504));
        Assert.Equal(text, SafeText.Cut(text, text.Length));
    }

    [Theory]
    [InlineData("whatsapp")]
    [InlineData("messenger")]
    public async Task FirstMessageWithAnEmojiAcrossTheQuestionLimitOpensItsChat(string channel)
    {
        var admin = await fixture.App.AdminAsync();
        var sender = Phone();
        var text = new string('q', 499) + "😀" + "more.";
        var body = channel == "whatsapp"
            ? EdgeFixture.WhatsAppText(sender, $"wamid.emoji-{sender}", JsonSerializer.Serialize(text))
            : EdgeFixture.Messenger(sender, $"m_emoji-{sender}", JsonSerializer.Serialize(text));

        var response = await fixture.PostWebhookAsync(channel, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chat = await fixture.ChatOfAsync(admin, channel, c => c.GetProperty("question").GetString()?.StartsWith("qqq", StringComparison.Ordinal) == true);
        Assert.Equal(new string('q', 499), chat.GetProperty("question").GetString());
    }

    [Fact]
    public async Task WidgetFirstMessageWithAnEmojiAcrossTheQuestionLimitOpensItsChat()
    {
        var (id, token) = await fixture.StartConversationAsync();
        var text = new string('w', 499) + "😀" + "more.";

        var response = await fixture.DirectLine(token).PostAsJsonAsync($"/v3/directline/conversations/{id}/activities", new { type = "message", text });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var admin = await fixture.App.AdminAsync();
        var chat = await fixture.ChatOfAsync(admin, "webchat", c => c.GetProperty("question").GetString()?.StartsWith("www", StringComparison.Ordinal) == true);
        Assert.Equal(new string('w', 499), chat.GetProperty("question").GetString());
    }

    [Fact]
    public async Task NulInOperatorInputIsABadRequestNamingTheField()
    {
        var admin = await fixture.App.AdminAsync();

        var signIn = await fixture.App.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { email = "a\0@example.test", password = "password-1" });
        var department = await admin.Http.PostAsJsonAsync("/api/v1/departments", new { name = "Sa\0les" });
        var query = await admin.Http.GetAsync("/api/v1/chats?view=queued&tag=a%00b");
        var canned = await admin.Http.GetAsync("/api/v1/canned-messages/suggest?q=%00");

        await AssertNamesAsync(signIn, "email", "'email' contains U+0000.");
        await AssertNamesAsync(department, "name", "'name' contains U+0000.");
        await AssertNamesAsync(query, "tag", "'tag' contains U+0000.");
        await AssertNamesAsync(canned, "q", "'q' contains U+0000.");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/api/v1/departments")).StatusCode);
    }

    [Fact]
    public async Task LoneSurrogateInOperatorInputIsABadRequestNamingTheField()
    {
        var admin = await fixture.App.AdminAsync();

        var response = await admin.Http.PostAsync("/api/v1/departments", new StringContent("""{"name":"Sales \ud800"}""", Encoding.UTF8, "application/json"));

        await AssertNamesAsync(response, "name", "'name' is not valid Unicode text.");
    }

    [Fact]
    public async Task NulInDirectLineInputIsABadRequestNamingTheField()
    {
        var (id, token) = await fixture.StartConversationAsync();
        var client = fixture.DirectLine(token);

        var text = await client.PostAsJsonAsync($"/v3/directline/conversations/{id}/activities", new { type = "message", text = "hi\0" });
        var from = await client.PostAsJsonAsync($"/v3/directline/conversations/{id}/activities", new { type = "message", text = "hi", from = new { id = "u\0" } });
        var user = await fixture.DirectLine(DirectLineFixture.Secret).PostAsJsonAsync("/v3/directline/tokens/generate", new { user = new { name = "Ann\0" } });

        await AssertDirectLineErrorAsync(text, "'text' contains U+0000.");
        await AssertDirectLineErrorAsync(from, "'from.id' contains U+0000.");
        await AssertDirectLineErrorAsync(user, "'user.name' contains U+0000.");
    }

    [Fact]
    public async Task DirectLineInvalidUtf8InChannelDataIsABadRequest()
    {
        var (id, token) = await fixture.StartConversationAsync();
        var body = Encoding.UTF8.GetBytes("""{"type":"message","text":"hi","channelData":{"visitor":{"name":"X"}}}""");
        body[body.Length - 5] = 0xC3; // a lead byte followed by '"': not UTF-8
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        var response = await fixture.DirectLine(token).PostAsync($"/v3/directline/conversations/{id}/activities", content);

        await AssertDirectLineErrorAsync(response, "The body is not valid UTF-8.");
    }

    [Fact]
    public async Task DirectLineCutMultipartUploadIsABadRequest()
    {
        var (id, token) = await fixture.StartConversationAsync();
        const string Cut = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello wor";
        var content = new StringContent(Cut);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        var response = await fixture.DirectLine(token).PostAsync($"/v3/directline/conversations/{id}/upload?userId=u1", content);

        await AssertDirectLineErrorAsync(response, "The multipart body is cut short or lacks its closing boundary.");
    }

    [Fact]
    public async Task WebhookNulsAreDroppedAndTheMessageStored()
    {
        var admin = await fixture.App.AdminAsync();
        var sender = Phone();

        var message = await fixture.PostWebhookAsync("whatsapp", EdgeFixture.WhatsAppText(sender, $"wamid.nul-{sender}\\u0000", "\"nul\\u0000 inside\""));
        var status = await fixture.PostWebhookAsync("whatsapp", EdgeFixture.WhatsApp(sender, "{}").Replace("\"messages\":[{}]", $$$"""
            "statuses":[{"id":"wamid.unknown\u0000","status":"failed","timestamp":"1700000000","recipient_id":"{{{sender}}}","errors":[{"code":131051,"title":"bad\u0000"}]}]
            """, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, message.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var chat = await fixture.ChatOfAsync(admin, "whatsapp", c => IsFrom(c, sender));
        Assert.Equal("nul inside", chat.GetProperty("question").GetString());
    }

    [Theory]
    [InlineData("whatsapp")]
    [InlineData("messenger")]
    public async Task OverlongIdsAreDroppedAndTheRestOfTheBatchStored(string channel)
    {
        var admin = await fixture.App.AdminAsync();
        var sender = Phone();
        var longId = new string('x', 3000);
        var first = channel == "whatsapp"
            ? EdgeFixture.WhatsAppText(sender, longId, "\"never stored\"")
            : EdgeFixture.Messenger(sender, longId, "\"never stored\"");
        var longSender = channel == "whatsapp"
            ? EdgeFixture.WhatsAppText(new string('9', 3000), $"wamid.long-sender-{sender}", "\"never stored\"")
            : EdgeFixture.Messenger(new string('9', 3000), $"m_long-sender-{sender}", "\"never stored\"");
        var normal = channel == "whatsapp"
            ? EdgeFixture.WhatsAppText(sender, $"wamid.after-{sender}", "\"stored after\"")
            : EdgeFixture.Messenger(sender, $"m_after-{sender}", "\"stored after\"");

        Assert.Equal(HttpStatusCode.OK, (await fixture.PostWebhookAsync(channel, first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.PostWebhookAsync(channel, longSender)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.PostWebhookAsync(channel, normal)).StatusCode);

        await fixture.ChatOfAsync(admin, channel, c => c.GetProperty("question").GetString() == "stored after");
        await using var connection = await fixture.Database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM messages WHERE text = 'never stored'"));
    }

    [Theory]
    [InlineData("1e400", "2")]
    [InlineData("\"NaN\"", "2")]
    [InlineData("3", "\"-Infinity\"")]
    [InlineData("91", "2")]
    public async Task ImpossibleLocationKeepsItsNameAndIsStored(string latitude, string longitude)
    {
        var admin = await fixture.App.AdminAsync();
        var sender = Phone();
        var body = EdgeFixture.WhatsApp(sender, $$$"""
            {"from":"{{{sender}}}","id":"wamid.loc-{{{sender}}}","timestamp":"1700000000","type":"location","location":{"latitude":{{{latitude}}},"longitude":{{{longitude}}},"name":"Harbour"}}
            """);

        var response = await fixture.PostWebhookAsync("whatsapp", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chat = await fixture.ChatOfAsync(admin, "whatsapp", c => IsFrom(c, sender));
        Assert.Equal("📍 Harbour", chat.GetProperty("question").GetString());
    }

    private static bool IsFrom(JsonElement chat, string sender) =>
        chat.GetProperty("visitor").TryGetProperty("phone", out var phone) && phone.GetString()?.Contains(sender, StringComparison.Ordinal) == true;

    private static async Task AssertNamesAsync(HttpResponseMessage response, string field, string message)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    private static async Task AssertDirectLineErrorAsync(HttpResponseMessage response, string message)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("BadArgument", error.GetProperty("code").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }
}
