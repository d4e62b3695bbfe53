using LiveChat.Gateway;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Bots;
using LiveChat.Gateway.Chats;
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
using LiveChat.Channels.Meta;
using LiveChat.Tickets;

var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayHost();
builder.AddStorage();
builder.AddOperatorAuth();
builder.AddEvents();
builder.AddChatWorkspace();
builder.AddIngest();
builder.AddOutbox();
builder.AddMetaChannels();
builder.AddDirectLine();
builder.AddBots();
builder.AddChatRouting();
builder.AddChatSummaries();
builder.AddTickets();
builder.AddTicketDispatch();
builder.AddHelpdeskApps();
builder.AddChatWebhooks();
builder.AddWidgets();
builder.AddHangfireJobs();

var app = builder.Build();
app.UseGatewayHost();
app.MapGatewayEndpoints();
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
