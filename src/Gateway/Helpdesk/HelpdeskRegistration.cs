namespace LiveChat.Gateway.Helpdesk;

/// <summary>Helpdesk apps (docs/helpdesk-apps.md): installations, embed sessions, the embed page's framing, the Zendesk app's URL.</summary>
public static class HelpdeskRegistration
{
    public const string CorsPolicy = "embed";

    public static IHostApplicationBuilder AddHelpdeskApps(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HelpdeskOptions>().BindConfiguration(HelpdeskOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.CorsOrigins.All(HelpdeskInstallations.IsFrameAncestor), "Helpdesk:CorsOrigins must be origins such as https://console.example.com (scheme, host, optional port).")
            .ValidateOnStart();
        services.AddSingleton<ZendeskToken>();
        services.AddMemoryCache();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<HelpdeskOptions>>((cors, helpdesk) =>
            cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(helpdesk.Value.CorsOrigins)
                .AllowAnyHeader()
                .AllowAnyMethod()
                .WithExposedHeaders("Location", "Retry-After")));
        return builder;
    }

    /// <summary>The embed page's frame-ancestors, and CORS for the configured origins on the API and the event stream.</summary>
    public static WebApplication UseHelpdeskApps(this WebApplication app)
    {
        app.UseCors(CorsPolicy);
        app.UseEmbedPageFraming();
        return app;
    }

    public static void MapHelpdeskApps(this WebApplication app, IEndpointRouteBuilder api)
    {
        api.MapHelpdeskInstallations();
        api.MapEmbedSessions();
        api.MapCustomerChats();
        api.MapVisitorHelpdeskTickets();
        app.MapZendeskApp();
    }
}
