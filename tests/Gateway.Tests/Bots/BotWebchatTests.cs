namespace LiveChat.Gateway.Tests.Bots;

/// <summary>
/// The Echo bot (a stub) fronting web widget chats, seen through Direct Line as the visitor sees them: the widget's
/// "talk to a human" request, and the bot editing or withdrawing its own messages (PUT/DELETE activities).
/// </summary>
public sealed class BotWebchatTests(BotFixture fixture) : IClassFixture<BotFixture>
{
    [Fact]
    public async Task TheVisitorsHandoffRequestQueuesTheChatTellsThemTheirPlaceAndTheBotHearsNothingMore()
    {
        var (conversationId, token, chatId) = await fixture.VisitorWritesAsync("Can I change my delivery address?");
        Assert.Equal("bot", States(await fixture.PollAsync(conversationId, token, null)).Last());

        await fixture.PostAsync(conversationId, token, new { type = "event", name = "handoff.request", from = new { id = "r_user1" } });

        var admin = await fixture.App.AdminAsync();
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        Assert.Equal("queued", chat.GetProperty("state").GetString());
        var seen = await fixture.PollAsync(conversationId, token, null);
        Assert.Equal(["bot", "queued"], States(seen));
        Assert.Contains(Texts(seen), t => t.StartsWith("You are ", StringComparison.Ordinal) && t.Contains(" in the queue. Estimated wait: ", StringComparison.Ordinal));
        Assert.DoesNotContain(Texts(seen), t => t.StartsWith("From bot", StringComparison.Ordinal));
        var messages = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).EnumerateArray().ToList();
        var note = Assert.Single(messages, m => m.GetProperty("internal").GetBoolean());
        Assert.Equal("From bot Echo to the queue: the customer asked for a human.", note.GetProperty("text").GetString());

        await fixture.PostAsync(conversationId, token, new { type = "message", text = "Hello? Anyone?", from = new { id = "r_user1" } });

        Assert.Equal(0, await fixture.BotDeliveriesWaitingAsync(chatId));
        Assert.Equal(["conversationUpdate", "message"], fixture.EchoReceived(chatId).Select(a => a.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task AHandoffRequestInAChatNoBotAnswersChangesNothing()
    {
        var (conversationId, token, chatId) = await fixture.VisitorWritesAsync("Where is my parcel?");
        await fixture.PostAsync(conversationId, token, new { type = "event", name = "handoff.request", from = new { id = "r_user1" } });
        var admin = await fixture.App.AdminAsync();
        var before = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).GetArrayLength();

        await fixture.PostAsync(conversationId, token, new { type = "event", name = "handoff.request", from = new { id = "r_user1" } });

        Assert.Equal("queued", (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}")).GetProperty("state").GetString());
        Assert.Equal(before, (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).GetArrayLength());
        Assert.Equal(["bot", "queued"], States(await fixture.PollAsync(conversationId, token, null)));
    }

    [Fact]
    public async Task ABotEditsItsMessageAndTheVisitorAndTheOperatorsSeeTheNewText()
    {
        var (conversationId, token, chatId) = await fixture.VisitorWritesAsync("When do you open?");
        var id = await fixture.EchoSaysAsync(chatId, "We open at 9.");
        var watermark = (await fixture.PollAsync(conversationId, token, null)).GetProperty("watermark").GetString();

        var response = await fixture.Echo().PutAsJsonAsync($"/v3/conversations/{chatId}/activities/{id}", new { type = "message", text = "We open at 8 <b>sharp</b>." });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        var update = Assert.Single((await fixture.PollAsync(conversationId, token, watermark)).GetProperty("activities").EnumerateArray());
        Assert.Equal("messageUpdate", update.GetProperty("type").GetString());
        Assert.Equal(id, update.GetProperty("id").GetString());
        Assert.Equal("We open at 8 <b>sharp</b>.", update.GetProperty("text").GetString());
        var replay = await fixture.PollAsync(conversationId, token, null);
        Assert.Contains("We open at 8 <b>sharp</b>.", Texts(replay));
        Assert.DoesNotContain("We open at 9.", Texts(replay));
        var admin = await fixture.App.AdminAsync();
        var messages = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).EnumerateArray().ToList();
        var edited = Assert.Single(messages, m => m.GetProperty("id").GetString() == id);
        Assert.Equal("We open at 8 <b>sharp</b>.", edited.GetProperty("text").GetString());
        Assert.Equal("bot", edited.GetProperty("from").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task ABotWithdrawsItsMessageFromTheVisitorsAndTheOperatorsView()
    {
        var (conversationId, token, chatId) = await fixture.VisitorWritesAsync("Is the sale still on?");
        var id = await fixture.EchoSaysAsync(chatId, "Yes, 90% off everything!");
        var watermark = (await fixture.PollAsync(conversationId, token, null)).GetProperty("watermark").GetString();

        var response = await fixture.Echo().DeleteAsync($"/v3/conversations/{chatId}/activities/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delete = Assert.Single((await fixture.PollAsync(conversationId, token, watermark)).GetProperty("activities").EnumerateArray());
        Assert.Equal("messageDelete", delete.GetProperty("type").GetString());
        Assert.Equal(id, delete.GetProperty("id").GetString());
        Assert.DoesNotContain("Yes, 90% off everything!", Texts(await fixture.PollAsync(conversationId, token, null)));
        var admin = await fixture.App.AdminAsync();
        var messages = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).EnumerateArray();
        Assert.DoesNotContain(messages, m => m.GetProperty("id").GetString() == id);
        var again = await fixture.Echo().DeleteAsync($"/v3/conversations/{chatId}/activities/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task OnWhatsAppEditingOrDeletingIs405AsTheConnectorAnswersForChannelsThatCannot()
    {
        var (chatId, _) = await fixture.CustomerWritesAsync($"1670{Random.Shared.Next(1_000_000, 9_999_999)}", "do you deliver on sundays?");
        var id = await fixture.EchoSaysAsync(chatId, "No, sorry.");

        var update = await fixture.Echo().PutAsJsonAsync($"/v3/conversations/{chatId}/activities/{id}", new { type = "message", text = "Yes!" });
        var delete = await fixture.Echo().DeleteAsync($"/v3/conversations/{chatId}/activities/{id}");

        foreach (var response in new[] { update, delete })
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
            Assert.Equal("BadArgument", error.GetProperty("code").GetString());
            Assert.StartsWith("This channel does not support this operation", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        var admin = await fixture.App.AdminAsync();
        var messages = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).EnumerateArray();
        Assert.Equal("No, sorry.", messages.Single(m => m.GetProperty("id").GetString() == id).GetProperty("text").GetString());
    }

    [Fact]
    public async Task ABotMayOnlyChangeItsOwnMessagesInItsOwnConversationsWithItsOwnToken()
    {
        var (_, _, chatId) = await fixture.VisitorWritesAsync("Please do not edit me");
        var id = await fixture.EchoSaysAsync(chatId, "Noted.");
        var admin = await fixture.App.AdminAsync();
        var visitorsMessageId = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).EnumerateArray()
            .Single(m => m.GetProperty("from").GetProperty("kind").GetString() == "visitor").GetProperty("id").GetString();
        var edit = new { type = "message", text = "edited" };

        await AssertErrorAsync(HttpStatusCode.Forbidden, "Forbidden", await fixture.Echo().PutAsJsonAsync($"/v3/conversations/{chatId}/activities/{visitorsMessageId}", edit));
        await AssertErrorAsync(HttpStatusCode.Forbidden, "Forbidden", await fixture.Echo().DeleteAsync($"/v3/conversations/{chatId}/activities/{visitorsMessageId}"));
        await AssertErrorAsync(HttpStatusCode.NotFound, "NotFound", await fixture.Echo().PutAsJsonAsync($"/v3/conversations/{chatId}/activities/msg_unknown", edit));
        await AssertErrorAsync(HttpStatusCode.BadRequest, "BadArgument", await fixture.Echo().PutAsJsonAsync($"/v3/conversations/{chatId}/activities/{id}", new { type = "typing" }));
        await AssertErrorAsync(HttpStatusCode.Unauthorized, "Unauthorized", await fixture.App.Anonymous().PutAsJsonAsync($"/v3/conversations/{chatId}/activities/{id}", edit));
        await AssertErrorAsync(HttpStatusCode.Unauthorized, "Unauthorized", await fixture.App.Anonymous().DeleteAsync($"/v3/conversations/{chatId}/activities/{id}"));
        var other = fixture.BotClient("Other", BotFixture.OtherSecret);
        await AssertErrorAsync(HttpStatusCode.Forbidden, "Forbidden", await other.PutAsJsonAsync($"/v3/conversations/{chatId}/activities/{id}", edit));
        await AssertErrorAsync(HttpStatusCode.Forbidden, "Forbidden", await other.DeleteAsync($"/v3/conversations/{chatId}/activities/{id}"));

        var messages = (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}/messages")).EnumerateArray().ToList();
        Assert.Contains(messages, m => m.GetProperty("id").GetString() == id && m.GetProperty("text").GetString() == "Noted.");
        Assert.Contains(messages, m => m.GetProperty("id").GetString() == visitorsMessageId && m.GetProperty("text").GetString() == "Please do not edit me");
    }

    private static async Task AssertErrorAsync(HttpStatusCode status, string code, HttpResponseMessage response)
    {
        Assert.Equal(status, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    /// <summary>The chat states the feed told the visitor, in order.</summary>
    private static List<string> States(JsonElement activitySet) =>
        [.. activitySet.GetProperty("activities").EnumerateArray()
            .Where(a => a.GetProperty("type").GetString() == "event" && a.GetProperty("name").GetString() == "chat.state")
            .Select(a => a.GetProperty("value").GetProperty("state").GetString()!)];

    private static List<string> Texts(JsonElement activitySet) =>
        [.. activitySet.GetProperty("activities").EnumerateArray()
            .Where(a => a.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            .Select(a => a.GetProperty("text").GetString()!)];
}
