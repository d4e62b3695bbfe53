using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.DirectLine;

public static class DirectLineRegistration
{
    public const string CorsPolicy = "directline";
    public const string WidgetTokenRateLimit = "directline-widget-token";

    /// <summary>
    /// Options for Channels:DirectLine (validated on start), <see cref="DirectLineTokens"/>, the CORS policy and the
    /// widget token rate limit. The host provides <see cref="IDirectLineConversations"/>, <see cref="IDirectLineActivities"/>,
    /// <c>IChannelInbox</c> and <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddDirectLineChannel(this IServiceCollection services)
    {
        services.AddOptions<DirectLineOptions>().BindConfiguration(DirectLineOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DirectLineOptions>, DirectLineOptionsValidator>());
        services.TryAddSingleton<DirectLineTokens>();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<DirectLineOptions>>((cors, directLine) => cors.AddPolicy(CorsPolicy, policy =>
        {
            var origins = directLine.Value.AllowedOrigins;
            _ = origins.Count == 0 ? policy.AllowAnyOrigin() : policy.WithOrigins([.. origins]);
            // What directlinejs sends from a browser (Web Chat included): rxjs 5's ajax adds X-Requested-With to every call.
            policy.WithHeaders("Authorization", "Content-Type", "Accept", "X-Requested-With", "x-ms-bot-agent").WithMethods("GET", "POST", "OPTIONS");
        }));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(WidgetTokenRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<DirectLineOptions>>().Value.WidgetTokensPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                }));
        });
        return services;
    }

    /// <summary>
    /// Maps /v3/directline/..., GET /widget.js, GET /widget/ and POST /widget/token. When given the application itself it
    /// also adds the WebSockets and CORS middleware these routes need (they run before the endpoints).
    /// </summary>
    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints is IApplicationBuilder app)
        {
            app.UseWebSockets();
            app.UseCors();
        }

        var group = endpoints.MapGroup(DirectLineEndpoints.Prefix)
            .WithTags("Direct Line")
            .RequireCors(CorsPolicy)
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.RequestServices.GetRequiredService<IOptions<DirectLineOptions>>().Value.Enabled
                    ? await next(context)
                    : DirectLineErrors.ChannelDisabled());
        DirectLineEndpoints.Map(group);
        WidgetEndpoints.Map(endpoints);
        return endpoints;
    }
}
