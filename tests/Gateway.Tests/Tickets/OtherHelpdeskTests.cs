using System.Text;
using LiveChat.Tickets;

namespace LiveChat.Gateway.Tests.Tickets;

public sealed class OtherHelpdeskTestsOnPostgres() : OtherHelpdeskTests(DatabaseKind.Postgres);

public sealed class OtherHelpdeskTestsOnSqlite() : OtherHelpdeskTests(DatabaseKind.Sqlite);

/// <summary>The same dispatch with the other sinks: Freshdesk and the signed webhook.</summary>
public abstract class OtherHelpdeskTests(DatabaseKind kind)
{
    private const string WebhookSecret = "webhook-secret-for-tests";

    [Fact]
    public async Task EndedChatBecomesAFreshdeskChatTicket()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        using var freshdesk = ApiMock.Start();
        freshdesk.On("POST /api/v2/tickets", StubResponse.Json("""{"id":501,"subject":"x"}""", HttpStatusCode.Created));
        var baseUrl = freshdesk.BaseUri.ToString().TrimEnd('/');
        await using var app = new GatewayApp(database, new Dictionary<string, string?>
        {
            ["Tickets:Provider"] = "Freshdesk",
            ["Tickets:Freshdesk:BaseUrl"] = baseUrl,
            ["Tickets:Freshdesk:ApiKey"] = "freshdesk-test-key",
            ["Tickets:PollSeconds"] = "0.1",
        });
        var admin = await app.AdminAsync();

        var chatId = await app.EndedChatAsync(TicketScenario.NewConversation("The app crashes on login") with
        {
            OperatorReplies = ["Please update to version 5.2"],
            Tags = ["bug"],
        });

        var ticket = await admin.WaitForTicketAsync(chatId, "created");
        Assert.Equal("501", ticket.GetProperty("externalId").GetString());
        Assert.Equal($"{baseUrl}/a/tickets/501", ticket.GetProperty("url").GetString());
        Assert.Equal("Freshdesk", ticket.GetProperty("provider").GetString());
        var sent = Assert.Single(freshdesk.RequestsTo("POST /api/v2/tickets")).Json();
        Assert.Equal("The app crashes on login", sent.GetProperty("subject").GetString());
        Assert.Equal(7, sent.GetProperty("source").GetInt32());
        Assert.Equal("sheena@example.test", sent.GetProperty("email").GetString());
        Assert.Contains("Anna Support (operator)", sent.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("Please update to version 5.2", sent.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains(sent.GetProperty("tags").EnumerateArray(), t => t.GetString() == "bug");
    }

    [Fact]
    public async Task MissedChatIsPostedToTheSignedWebhook()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        using var receiver = ApiMock.Start();
        receiver.On("POST /hooks/tickets", StubResponse.Json("""{"id":"HD-7","url":"https://helpdesk.example.test/HD-7"}"""));
        await using var app = new GatewayApp(database, new Dictionary<string, string?>
        {
            ["Tickets:Provider"] = "Webhook",
            ["Tickets:Webhook:Url"] = new Uri(receiver.BaseUri, "hooks/tickets").ToString(),
            ["Tickets:Webhook:Secret"] = WebhookSecret,
            ["Tickets:PollSeconds"] = "0.1",
        });
        var admin = await app.AdminAsync();

        var chatId = await app.MissedChatAsync(TicketScenario.NewConversation("Is the shop open on Sunday?", name: "Omar", email: null));

        var ticket = await admin.WaitForTicketAsync(chatId, "created");
        Assert.Equal("HD-7", ticket.GetProperty("externalId").GetString());
        Assert.Equal("https://helpdesk.example.test/HD-7", ticket.GetProperty("url").GetString());
        var posted = Assert.Single(receiver.RequestsTo("POST /hooks/tickets"));
        Assert.True(WebhookSignature.Verify(
            WebhookSecret, posted.Header(WebhookSignature.TimestampHeader), Encoding.UTF8.GetBytes(posted.Body), posted.Header(WebhookSignature.SignatureHeader)));
        var body = posted.Json();
        Assert.Equal(chatId, body.GetProperty("chatId").GetString());
        Assert.Equal("missed", body.GetProperty("kind").GetString());
        Assert.Equal("Omar", body.GetProperty("contact").GetProperty("name").GetString());
        var line = Assert.Single(body.GetProperty("lines").EnumerateArray());
        Assert.Equal("Is the shop open on Sunday?", line.GetProperty("text").GetString());
        Assert.Equal($"livechat-{chatId}-missed", posted.Header("Idempotency-Key"));
    }
}
