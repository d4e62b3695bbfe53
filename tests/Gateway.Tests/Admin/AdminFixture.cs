using LiveChat.Gateway.Tests.DirectLine;
using LiveChat.Gateway.Tests.Tickets;

namespace LiveChat.Gateway.Tests.Admin;

/// <summary>
/// A gateway with a bit of everything configured (the widget, a bot, a fake Zendesk) for the admin screens and their API;
/// customers write over Direct Line.
/// </summary>
public sealed class AdminFixture : DirectLineFixture
{
    public const string DirectLineSecret = Secret;
    public const string BotSecret = "bot-shared-secret-0123456789-abcdefghijkl";
    public const string WebhookSecret = "webhook-secret-never-shown-0123";
    public const string ZendeskToken = "zendesk-api-token-never-shown";

    public FakeZendesk Zendesk { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(ZendeskTicketsFixture.ZendeskSettings(Zendesk))
    {
        ["Tickets:Zendesk:ApiToken"] = ZendeskToken,
        ["Tickets:MaxAttempts"] = "1",
        ["Channels:DirectLine:Secret"] = DirectLineSecret,
        ["Bots:Frontdesk:Endpoint"] = "http://127.0.0.1:9/api/messages?code=never-shown",
        ["Bots:Frontdesk:Secret"] = BotSecret,
        ["Webhooks:Subscriptions:0:Name"] = "crm",
        ["Webhooks:Subscriptions:0:Url"] = "http://hooks:pass@127.0.0.1:9/livechat?key=never-shown",
        ["Webhooks:Subscriptions:0:Secret"] = WebhookSecret,
        ["Webhooks:Subscriptions:0:Events:0"] = "chat.ended",
        ["Bots:Frontdesk:Channels:0"] = "instagram",
        ["Bots:Frontdesk:HumanKeywords:0"] = "agent",
        ["Routing:MissedAfterSeconds"] = "90",
    };

    public override async Task InitializeAsync()
    {
        Zendesk = await FakeZendesk.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Zendesk.DisposeAsync();
    }
}
