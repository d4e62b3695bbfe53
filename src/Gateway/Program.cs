using LiveChat.Channels.DirectLine;
using LiveChat.Channels.Meta;
using LiveChat.Channels.BotConnector;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Bots;
using LiveChat.Gateway.DirectLine;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Helpdesk;
using LiveChat.Gateway.Ingest;
using LiveChat.Gateway.Jobs;
using LiveChat.Gateway.Outbox;
using LiveChat.Gateway.Routing;
using LiveChat.Gateway.Summaries;
using LiveChat.Gateway.Tickets;
using LiveChat.Gateway.Webhooks;
using LiveChat.Gateway.Widgets;
using LiveChat.Tickets;

var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayHost();
builder.Services
    .AddStorage()
    .AddOperatorAuth()
    .AddEvents()
    .AddIngest()
    .AddOutbox()
    .AddMetaChannels()
    .AddDirectLine()
    .AddBots()
    .AddChatRouting()
    .AddChatSummaries()
    .AddTickets()
    .AddTicketDispatch()
    .AddHelpdeskApps()
    .AddChatWebhooks()
    .AddWidgets()
    .AddHangfireJobs();

var app = builder.Build();
app.UseGatewayHost();
app.MapGatewayEndpoints();
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
