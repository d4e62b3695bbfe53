using System.Threading.RateLimiting;
using LiveChat.Gateway.Operators;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;

namespace LiveChat.Gateway.Auth;

public static class AuthRegistration
{
    public const string LoginRateLimit = "login";

    public static IHostApplicationBuilder AddOperatorAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.SigningKey) || o.SigningKey.Length >= 32, "Auth:SigningKey must be at least 32 characters long.")
            .Validate(o => !o.External.Enabled || !string.IsNullOrWhiteSpace(o.External.Audience), "Auth:External:Audience is required when Auth:External:Authority is set.")
            .ValidateOnStart();
        services.AddOptions<BootstrapOptions>()
            .BindConfiguration(BootstrapOptions.Section)
            .Validate(o => string.IsNullOrEmpty(o.AdminEmail) || (o.AdminPassword?.Length ?? 0) >= 8,
                "Bootstrap:AdminPassword must be at least 8 characters long when Bootstrap:AdminEmail is set.")
            .ValidateOnStart();
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<Passwords>();
        services.AddHostedService<Bootstrap>();
        services.AddOperatorSchemes();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Operator, p => p.AddAuthenticationSchemes(OperatorSchemes.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(Policies.Supervisor, p => p.AddAuthenticationSchemes(OperatorSchemes.SchemeName).RequireRole(Roles.Supervisor, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.AddAuthenticationSchemes(OperatorSchemes.SchemeName).RequireRole(Roles.Admin));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.LoginAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                }));
        });
        return builder;
    }
}
