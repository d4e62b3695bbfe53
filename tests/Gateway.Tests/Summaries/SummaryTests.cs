using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Storage;
using LiveChat.Gateway.Summaries;
using Microsoft.Extensions.DependencyInjection;

namespace LiveChat.Gateway.Tests.Summaries;

public sealed class SummaryTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task ManualSummaryIsInTheAskedLanguageAndKeptOnTheChat()
    {
        var admin = await fixture.App.AdminAsync();
        var chatId = await SeedConversationAsync("4917000001");

        var response = await admin.Http.PostAsJsonAsync($"/api/v1/chats/{chatId}/summary", new { language = "de-DE" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Builtin", summary.GetProperty("provider").GetString());
        Assert.Equal("de", summary.GetProperty("language").GetString());
        var text = summary.GetProperty("text").GetString()!;
        Assert.Contains("Frage", text, StringComparison.Ordinal);
        Assert.Contains("1234", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Hallo!", text, StringComparison.Ordinal);
        var chat = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chats/{chatId}");
        Assert.Equal(text, chat.GetProperty("summary").GetProperty("text").GetString());
    }

    [Fact]
    public async Task SummaryDefaultsToTheOperatorsLanguage()
    {
        var admin = await fixture.App.AdminAsync();
        var email = $"fr-{Guid.NewGuid():N}@example.test";
        var created = await admin.Http.PostAsJsonAsync("/api/v1/operators", new { name = "Camille", email, password = "password-123", role = "supervisor", language = "fr" });
        created.EnsureSuccessStatusCode();
        var camille = await fixture.App.SignInAsync(email, "password-123");
        var chatId = await SeedConversationAsync("4917000002");

        var summary = await (await camille.Http.PostAsJsonAsync($"/api/v1/chats/{chatId}/summary", new { })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("fr", summary.GetProperty("language").GetString());
        Assert.Contains("Résolution", summary.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueuedSummaryReachesTheReceivingOperatorWithoutBlockingTheAction()
    {
        var admin = await fixture.App.AdminAsync();
        var receiver = await admin.OperatorAsync("agent");
        var receiverClient = await fixture.App.SignInAsync(receiver.Email, receiver.Password);
        var chatId = await SeedConversationAsync("4917000003");
        await using var stream = await EventStream.OpenAsync(receiverClient.Http);

        // What a transfer does in its own transaction: queue the summary for the receiving operator.
        var db = fixture.App.Services.GetRequiredService<Db>();
        await using (var work = await db.BeginAsync(CancellationToken.None))
        {
            await ChatSummaries.EnqueueAsync(work, chatId, "transfer", "es", receiver.Id, DateTimeOffset.UtcNow);
            await work.CommitAsync(CancellationToken.None);
        }

        fixture.App.Services.GetRequiredService<SummarySignal>().Wake();
        var evt = JsonDocument.Parse((await stream.NextAsync("chat.summary")).Data).RootElement;
        Assert.Equal(receiver.Id, evt.GetProperty("operatorId").GetString());
        Assert.Equal("transfer", evt.GetProperty("data").GetProperty("trigger").GetString());
        Assert.Contains("Pregunta", evt.GetProperty("data").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownChatAndBadLanguageAreRefused()
    {
        var admin = await fixture.App.AdminAsync();

        var missing = await admin.Http.PostAsJsonAsync("/api/v1/chats/ch_missing/summary", new { language = "en" });
        var badLanguage = await admin.Http.PostAsJsonAsync("/api/v1/chats/ch_missing/summary", new { language = "not a language!" });

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLanguage.StatusCode);
        Assert.True((await badLanguage.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("language", out _));
    }

    /// <summary>A German customer and an operator (answering from the business side) talk about order 1234.</summary>
    private async Task<string> SeedConversationAsync(string waId)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        InboundItem Customer(string text, int minute) => Seed.CustomerText("whatsapp", waId, text, name: "Jonas") with
        {
            Activity = Seed.CustomerText("whatsapp", waId, text).Activity with { Timestamp = start.AddMinutes(minute) },
        };
        InboundItem Agent(string text, int minute) => new(
            "whatsapp", $"wamid.agent-{Guid.NewGuid():N}", waId,
            new Activity { Type = ActivityTypes.Message, Text = text, Timestamp = start.AddMinutes(minute), From = new ChannelAccount { Id = "biz", Name = "Anna" } },
            VisitorProfile.Unknown, InboundDirection.EchoFromBusiness);

        await fixture.App.Inbox.IngestAsync(InboundBatch.Of(Customer("Hallo!", 0), Customer("Meine Bestellung 1234 ist nicht angekommen.", 1)), CancellationToken.None);
        await fixture.App.Inbox.IngestAsync(InboundBatch.Of(Agent("Ich schaue nach.", 2), Agent("Das Paket wurde heute erneut versendet.", 3)), CancellationToken.None);
        await fixture.App.Inbox.IngestAsync(InboundBatch.Of(Customer("Danke!", 4)), CancellationToken.None);
        var admin = await fixture.App.AdminAsync();
        return await admin.ChatIdAsync("whatsapp", waId);
    }
}

public sealed class OpenAISummaryFixture : GatewayFixture
{
    public ApiMock OpenAI { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Summaries:Provider"] = "OpenAI",
        ["Summaries:OpenAI:BaseUrl"] = OpenAI.BaseUri + "v1",
        ["Summaries:OpenAI:ApiKey"] = "sk-test-key",
        ["Summaries:OpenAI:Model"] = "gpt-4o-mini",
    };

    public override async Task InitializeAsync()
    {
        OpenAI = ApiMock.Start();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        OpenAI.Dispose();
    }
}

public sealed class OpenAISummaryTests(OpenAISummaryFixture fixture) : IClassFixture<OpenAISummaryFixture>
{
    [Fact]
    public async Task ConfiguredOpenAIProviderWritesTheSummary()
    {
        var admin = await fixture.App.AdminAsync();
        await fixture.App.Inbox.IngestAsync(InboundBatch.Of(Seed.CustomerText("messenger", "psid-openai", "Mi pedido 555 llegó roto")), CancellationToken.None);
        var chatId = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/chats?view=queued&channel=messenger"))[0].GetProperty("id").GetString();
        fixture.OpenAI.Enqueue("POST /v1/chat/completions", StubResponse.Json(
            """{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"El pedido 555 llegó roto."},"finish_reason":"stop"}],"usage":{"prompt_tokens":40,"completion_tokens":8,"total_tokens":48}}"""));

        var summary = await (await admin.Http.PostAsJsonAsync($"/api/v1/chats/{chatId}/summary", new { language = "es" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("OpenAI", summary.GetProperty("provider").GetString());
        Assert.Equal("El pedido 555 llegó roto.", summary.GetProperty("text").GetString());
        var request = Assert.Single(fixture.OpenAI.RequestsTo("POST /v1/chat/completions"));
        Assert.Equal("Bearer sk-test-key", request.Header("Authorization"));
        Assert.Contains("Spanish", request.Body, StringComparison.Ordinal);
        Assert.Contains("Mi pedido 555", request.Body, StringComparison.Ordinal);
    }
}
