using LiveChat.Channels.BotConnector;
using LiveChat.Channels.DirectLine;
using LiveChat.Channels.Meta;
using LiveChat.Gateway.Admin;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Bots;
using LiveChat.Gateway.Canned;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Helpdesk;
using LiveChat.Gateway.Jobs;
using LiveChat.Gateway.Landing;
using LiveChat.Gateway.Media;
using LiveChat.Gateway.Operators;
using LiveChat.Gateway.Reports;
using LiveChat.Gateway.Routing;
using LiveChat.Gateway.Streaming;
using LiveChat.Gateway.Summaries;
using LiveChat.Gateway.Tickets;
using LiveChat.Gateway.Visitors;
using LiveChat.Gateway.Widgets;

namespace LiveChat.Gateway;

/// <summary>
/// The one map of the gateway's endpoints: every group, in the order it is mapped. Each line names the file that owns
/// the routes (`MapX` lives beside the use case X); the operator API sits under /api/v1 and needs an operator's token
/// unless the endpoint says otherwise (sign-in, embed exchange).
/// </summary>
public static class Endpoints
{
    public static WebApplication MapGatewayEndpoints(this WebApplication app)
    {
        // Outside the API: health, the OpenAPI document, the landing page, signed file links, the jobs dashboard.
        app.MapHealthChecks("/healthz");
        app.MapOpenApi();
        app.MapLanding();
        app.MapSignedFiles();
        app.MapJobsDashboard();

        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.Operator);
        // Who the operator is, and the settings admins keep.
        api.MapIssueToken();
        api.MapDepartments();
        api.MapOperators();
        api.MapSetMyStatus();
        api.MapMyPreferences();
        api.MapCannedMessages();
        api.MapCannedCategories();
        api.MapDepartmentRouting();
        api.MapRotateBotSigningKey();
        api.MapAdminOverview();
        api.MapWidgets();
        api.MapJobsSession();

        // Reading chats and following them live.
        api.MapReadChats();
        api.MapSearchChats();
        api.MapListChatRequests();
        api.MapListColleagues();
        api.MapGetVisitor();
        api.MapGetMedia();
        api.MapEventStream();

        // Working a chat: the actions an operator takes.
        api.MapPickUpChat();
        api.MapReplyToChat();
        api.MapRetryMessage();
        api.MapAddNote();
        api.MapSendAttachment();
        api.MapChatAttachmentDownload();
        api.MapReadState();
        api.MapChatPresence();
        api.MapTagChat();
        api.MapSummarizeChat();
        api.MapEndChat();
        api.MapReassignChat();
        api.MapTransferChat();
        api.MapInviteOperator();
        api.MapJoinChat();
        api.MapHandBackToBot();

        // What comes after: tickets and reports.
        api.MapTickets();
        api.MapReports();

        // The helpdesks' apps (installations, embed sessions, the Zendesk app page).
        app.MapHelpdeskApps(api);

        // The channels: Meta's webhooks, Direct Line for the web widget, the Bot Framework connector for bots.
        app.MapMetaWebhooks();
        app.MapDirectLine();
        app.MapBotConnector();

        // Last: the operator console, with its fallback to index.html for every page of the app.
        app.MapConsole();
        return app;
    }
}
