using LiveChat.Gateway.Helpdesk;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveChat.Gateway;

public static class GatewayHost
{
    /// <summary>The web host's plumbing: Kestrel limits, JSON, ProblemDetails, OpenAPI, health checks, validators, the clock.</summary>
    public static WebApplicationBuilder AddGatewayHost(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HostingOptions>().BindConfiguration(HostingOptions.Section).ValidateOnStart();
        var maxBody = builder.Configuration.GetValue<long?>($"{HostingOptions.Section}:{nameof(HostingOptions.MaxRequestBodyBytes)}") ?? new HostingOptions().MaxRequestBodyBytes;
        // The console's files come from the build output in every environment (not only Development), so `dotnet run`
        // with any environment serves it; a published app has them in wwwroot and this finds no manifest to read.
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = maxBody;
        });
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = maxBody);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => GatewayJson.Configure(o.SerializerOptions).Converters.Add(new OperatorInput.StringConverter()));
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>());
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddValidators();
        // What every commit sets in motion: it wakes workers of every layer, so it is wired here, above them all.
        services.AddSingleton<IUnitOfWorkCommit, UnitOfWorkCommit>();
        services.AddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication UseGatewayHost(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseOperatorInputGuard();
        app.UseHelpdeskApps();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    private sealed class DatabaseHealthCheck(Db db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = await db.OpenAsync(cancellationToken);
                await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
                return HealthCheckResult.Healthy($"{db.Provider} reachable");
            }
            catch (Exception exception)
            {
                return HealthCheckResult.Unhealthy($"{db.Provider} unreachable", exception);
            }
        }
    }
}
