using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Ingest;
using LiveChat.Gateway.Jobs;
using LiveChat.Gateway.Routing;

var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayHost();
builder.Services
    .AddStorage()
    .AddOperatorAuth()
    .AddEvents()
    .AddIngest()
    .AddChatRouting()
    .AddScheduledJobs(builder.Configuration);

var app = builder.Build();
app.UseGatewayHost();
app.MapGatewayApi();
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
