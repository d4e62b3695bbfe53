using System.Text;
using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Gateway.Tests.Widgets;

/// <summary>A gateway whose card widgets time out after a second, its logs kept, and what widget tests seed and check.</summary>
public sealed class WidgetFixture : GatewayFixture
{
    public CapturedLogs Captured { get; } = new();

    protected override ILoggerProvider? Logs => Captured;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Routing:SweepIntervalMilliseconds"] = "60000",
        ["Widgets:CardTimeoutSeconds"] = "1",
        ["Widgets:CardMaxBytes"] = "2048",
        // What a production node logs of its outgoing calls (Information), so a test sees a card URL that would leak there.
        ["Logging:LogLevel:System.Net.Http"] = "Information",
    };

    /// <summary>A web customer with a name and an email writes; their chat waits in <paramref name="departmentId"/> (or the default).</summary>
    public async Task<(string ChatId, string VisitorId)> ChatAsync(string name, string email, string? departmentId = null)
    {
        var key = Guid.NewGuid().ToString("N");
        var item = new InboundItem(
            "webchat",
            $"ext-{key}",
            key,
            new Activity
            {
                Type = ActivityTypes.Message,
                ChannelId = "webchat",
                Text = "Where is my order?",
                From = new ChannelAccount { Id = $"webchat:{key}", Name = name, Role = "user" },
                Conversation = new ConversationAccount { Id = key },
                Timestamp = DateTimeOffset.UtcNow,
            },
            new VisitorProfile { Name = name, Email = email, DepartmentId = departmentId });
        await App.Inbox.IngestAsync(InboundBatch.Of(item), CancellationToken.None);
        var admin = await App.AdminAsync();
        var chats = await admin.Http.GetFromJsonAsync<List<ChatView>>("/api/v1/chats?view=queued&limit=200");
        var chat = chats!.Single(c => c.Visitor.Email == email);
        return (chat.Id, chat.Visitor.Id);
    }

    public async Task<WidgetSecretView> CreateAsync(OperatorClient admin, string kind, string urlTemplate, string? departmentId = null, bool enabled = true)
    {
        var created = await admin.Http.PostAsJsonAsync("/api/v1/widgets", new WidgetRequest($"{kind} {Guid.NewGuid():N}"[..20], kind, urlTemplate, enabled, departmentId));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<WidgetSecretView>())!;
    }

    public static async Task<List<ChatWidget>> WidgetsAsync(OperatorClient client, string chatId) =>
        (await client.Http.GetFromJsonAsync<List<ChatWidget>>($"/api/v1/chats/{chatId}/widgets"))!;

    /// <summary>Verifies a widget token as docs/widgets.md tells a third party to: HS256, the secret's UTF-8 bytes, aud = the widget, at <paramref name="at"/>.</summary>
    public static async Task<TokenValidationResult> VerifyAsync(string token, string secret, string widgetId, DateTimeOffset? at = null)
    {
        var now = (at ?? DateTimeOffset.UtcNow).UtcDateTime;
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "livechat-gateway",
            ValidAudience = widgetId,
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.Zero,
            LifetimeValidator = (notBefore, expires, _, _) => notBefore <= now && now < expires,
        });
    }
}
