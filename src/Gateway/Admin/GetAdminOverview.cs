using LiveChat.Channels.BotConnector;
using LiveChat.Channels.DirectLine;
using LiveChat.Channels.Instagram;
using LiveChat.Channels.Messenger;
using LiveChat.Channels.Meta;
using LiveChat.Channels.WhatsApp;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Webhooks;
using LiveChat.Summaries;
using LiveChat.Tickets;

namespace LiveChat.Gateway.Admin;

/// <summary>
/// GET /admin/overview: what the configuration decides, read-only, for admins. Secrets appear only as "set" or "not set"
/// and addresses lose their user info and query (where a key could hide); the rest is what an admin would read in the files.
/// </summary>
public static class GetAdminOverview
{
    /// <summary>The moments an automatic summary is queued (ChatLifecycle, TransferChat, InviteOperator, ReassignChat).</summary>
    private static readonly string[] s_automaticSummaries = ["end", "transfer", "invite", "reassign"];

    public static IEndpointRouteBuilder MapAdminOverview(this IEndpointRouteBuilder api)
    {
        api.MapGet("/admin/overview", Handle).RequireAuthorization(Policies.Admin).WithTags("Admin").WithName("GetAdminOverview")
            .WithSummary("What configuration decides: channels, bots, helpdesk, summaries, timers and outgoing webhooks; secrets only as set or not (admin).");
        return api;
    }

    private static Ok<ConfigurationOverview> Handle(
        IOptions<DirectLineOptions> directLine,
        IOptions<WhatsAppOptions> whatsApp,
        IOptions<MessengerOptions> messenger,
        IOptions<InstagramOptions> instagram,
        IOptions<BotsOptions> bots,
        IOptions<TicketsOptions> tickets,
        IOptions<SummariesOptions> summaries,
        IOptions<RoutingOptions> routing,
        IOptions<AuthOptions> auth,
        IOptions<WebhookOptions> webhooks) =>
        TypedResults.Ok(new ConfigurationOverview(
            [
                WebChat(directLine.Value),
                Meta(WhatsAppChannel.Name, "WhatsApp", WhatsAppOptions.SectionName, whatsApp.Value,
                    $"Phone number id: {whatsApp.Value.PhoneNumberId ?? "not set"}", ("AccessToken", whatsApp.Value.AccessToken)),
                Meta(MessengerChannel.Name, "Messenger", MessengerOptions.SectionName, messenger.Value,
                    $"Page id: {messenger.Value.PageId ?? "not set"}", ("PageAccessToken", messenger.Value.PageAccessToken)),
                Meta(InstagramChannel.Name, "Instagram", InstagramOptions.SectionName, instagram.Value,
                    $"Account id: {instagram.Value.AccountId ?? "not set"}", ("AccessToken", instagram.Value.AccessToken)),
            ],
            [.. bots.Value.Bots.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => Bot(b.Key, b.Value))],
            Helpdesk(tickets.Value),
            Summary(summaries.Value),
            new TimerSettings(
                routing.Value.MissedAfterSeconds,
                routing.Value.IdleEndAfterMinutes,
                routing.Value.TransferTimeoutSeconds,
                routing.Value.InviteTimeoutSeconds,
                routing.Value.OfferTimeoutSeconds,
                routing.Value.SweepIntervalMilliseconds,
                auth.Value.TokenLifetimeMinutes),
            [.. webhooks.Value.Subscriptions.Select((s, i) => new WebhookSetting(
                s.Name ?? string.Empty, PublicAddress(s.Url), s.Events, Secret($"{WebhookOptions.Section}:Subscriptions:{i}", "Secret", s.Secret)))]));

    private static ChannelSetting WebChat(DirectLineOptions o) => new(
        "webchat",
        "Web widget (Direct Line)",
        o.Enabled,
        [
            $"Conversation tokens last {o.TokenLifetimeMinutes} min",
            o.AllowedOrigins.Count == 0 ? "Any origin may embed the widget" : $"Allowed origins: {string.Join(", ", o.AllowedOrigins)}",
            $"Public address: {PublicAddress(o.PublicBaseUrl) ?? "the request's own"}",
            $"Uploads up to {o.MaxUploadBytes / 1024} KB",
        ],
        [Secret(DirectLineOptions.SectionName, "Secret", o.Secret)]);

    private static ChannelSetting Meta(string channel, string name, string section, MetaChannelOptions o, string sender, (string Key, string? Value) token)
    {
        var details = new List<string> { sender, $"Graph API {o.ApiVersion} at {PublicAddress(o.GraphBaseUrl)}" };
        if (o is PageMessagingOptions page)
        {
            details.Add(page.UseHumanAgentTag ? "Human agents may reply for 7 days (HUMAN_AGENT tag)" : "Replies within the 24-hour window");
        }

        return new ChannelSetting(channel, name, o.Enabled, details,
            [Secret(section, "AppSecret", o.AppSecret), Secret(section, "VerifyToken", o.VerifyToken), Secret(section, token.Key, token.Value)]);
    }

    private static BotSetting Bot(string name, BotOptions o) => new(
        name,
        PublicAddress(o.Endpoint?.ToString()),
        o.AppId is { Length: > 0 } appId ? $"Bot Framework app id {appId}" : o.Anonymous ? "anonymous (development only)" : "shared secret",
        o.DepartmentId,
        o.Channels,
        o.HumanKeywords);

    private static HelpdeskSetting Helpdesk(TicketsOptions o)
    {
        var provider = TicketProviders.Normalise(o.Provider) is { Length: > 0 } known ? known : null;
        var (target, secrets) = provider switch
        {
            TicketProviders.ZohoDesk => (PublicAddress(o.ZohoDesk.BaseUrl),
                new[] { Secret("Tickets:ZohoDesk", "ClientSecret", o.ZohoDesk.ClientSecret), Secret("Tickets:ZohoDesk", "RefreshToken", o.ZohoDesk.RefreshToken) }),
            TicketProviders.Zendesk => (PublicAddress(o.Zendesk.BaseUrl), [Secret("Tickets:Zendesk", "ApiToken", o.Zendesk.ApiToken)]),
            TicketProviders.Freshdesk => (PublicAddress(o.Freshdesk.BaseUrl), [Secret("Tickets:Freshdesk", "ApiKey", o.Freshdesk.ApiKey)]),
            TicketProviders.Webhook => (PublicAddress(o.Webhook.Url), [Secret("Tickets:Webhook", "Secret", o.Webhook.Secret)]),
            _ => ((string?)null, Array.Empty<SecretSetting>()),
        };
        return new HelpdeskSetting(provider, target, o.MaxAttempts, o.AttemptTimeoutSeconds, secrets);
    }

    /// <summary>Model and endpoint mean something only for the OpenAI-compatible summariser (its name is internal to LiveChat.Summaries).</summary>
    private static SummarySetting Summary(SummariesOptions o)
    {
        var openAI = string.Equals(o.Provider, "OpenAI", StringComparison.OrdinalIgnoreCase);
        return new SummarySetting(
            o.Provider,
            openAI ? o.OpenAI.Model : null,
            openAI ? PublicAddress(o.OpenAI.BaseUrl) : null,
            s_automaticSummaries,
            openAI ? [Secret("Summaries:OpenAI", "ApiKey", o.OpenAI.ApiKey)] : []);
    }

    private static SecretSetting Secret(string section, string key, string? value) => new($"{section}:{key}", !string.IsNullOrWhiteSpace(value));

    /// <summary>An address without user info, query or fragment; null when there is none or it does not parse.</summary>
    internal static string? PublicAddress(string? address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}" : null;
}
