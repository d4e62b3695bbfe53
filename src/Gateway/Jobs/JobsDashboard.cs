using System.Security.Claims;
using System.Security.Cryptography;
using Hangfire;
using Hangfire.Dashboard;
using LiveChat.Gateway.Auth;
using Microsoft.AspNetCore.WebUtilities;

namespace LiveChat.Gateway.Jobs;

/// <summary>
/// The Hangfire Dashboard at <c>/jobs</c>, for admins (supervisors read-only, agents never). A browser has no bearer
/// token, so the console asks <c>POST /api/v1/jobs/session</c> with the operator's token for a one-time address
/// (valid <see cref="CodeLifetime"/>); opening it once sets a cookie scoped to <c>/jobs</c> (HttpOnly, SameSite=Strict,
/// valid <see cref="SessionLifetime"/>) and redirects to the dashboard. Codes and cookies are random; only their
/// SHA-256 is stored, in the database, so any node accepts them.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/jobs";
    public const string CookieName = "livechat_jobs";
    public static TimeSpan CodeLifetime { get; } = TimeSpan.FromSeconds(60);
    public static TimeSpan SessionLifetime { get; } = TimeSpan.FromMinutes(30);

    private const string RoleItem = "livechat.jobs.role";

    /// <summary>The session endpoint of the operator API (on the <c>/api/v1</c> group).</summary>
    public static IEndpointRouteBuilder MapJobsSession(this IEndpointRouteBuilder api)
    {
        api.MapPost("/jobs/session", CreateAsync).WithTags("Jobs").WithName("CreateJobsDashboardSession").RequireAuthorization(Policies.Supervisor)
            .WithSummary("A one-time address (valid 60 s) that signs a browser in to the Hangfire Dashboard at /jobs for 30 minutes (supervisors read-only, admins).");
        return api;
    }

    /// <summary>The one-time address and the dashboard itself.</summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapGet($"{Path}/session/{{code}}", RedeemAsync).WithTags("Jobs").WithName("OpenJobsDashboard").AllowAnonymous()
            .WithSummary("Redeems a one-time address from POST /api/v1/jobs/session: sets the dashboard cookie (path /jobs) and redirects to /jobs.");
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            AppPath = null,
            DashboardTitle = "LiveChat Gateway jobs",
            Authorization = [],
            AsyncAuthorization = [new SessionAuthorization()],
            IsReadOnlyFunc = context => context.GetHttpContext().Items[RoleItem] as string != Roles.Admin,
        }, app.Services.GetRequiredService<JobStorage>());
        return app;
    }

    private static async Task<Ok<JobsDashboardSession>> CreateAsync(ClaimsPrincipal user, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var code = NewSecret();
        var expiresAt = now + CodeLifetime;
        await using var work = await db.BeginAsync(cancellationToken);
        await work.ExecuteAsync("DELETE FROM jobs_dashboard_sessions WHERE expires_at < @now", new { now });
        await work.ExecuteAsync(
            "INSERT INTO jobs_dashboard_sessions (code_hash, operator_id, role, expires_at) VALUES (@hash, @operatorId, @role, @expiresAt)",
            new { hash = Hash(code), operatorId = user.OperatorId(), role = user.OperatorRole(), expiresAt });
        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(new JobsDashboardSession($"{Path}/session/{code}", expiresAt));
    }

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> RedeemAsync(
        string code, HttpContext http, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cookie = NewSecret();
        await using var work = await db.BeginAsync(cancellationToken);
        var redeemed = await work.ExecuteAsync(
            """
            UPDATE jobs_dashboard_sessions SET redeemed_at = @now, cookie_hash = @cookieHash, expires_at = @sessionEnd
            WHERE code_hash = @codeHash AND redeemed_at IS NULL AND expires_at >= @now
            """,
            new { now, cookieHash = Hash(cookie), sessionEnd = now + SessionLifetime, codeHash = Hash(code) });
        await work.CommitAsync(cancellationToken);
        if (redeemed == 0)
        {
            return TypedResults.Problem(statusCode: 401, title: "This sign-in address is unknown, used or expired; ask the console for a new one.");
        }

        http.Response.Cookies.Append(CookieName, cookie, new CookieOptions
        {
            Path = Path,
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            MaxAge = SessionLifetime,
        });
        return TypedResults.Redirect(Path);
    }

    private static string NewSecret() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    /// <summary>Lets a request in when its cookie names a live session; remembers the session's role for read-only mode.</summary>
    private sealed class SessionAuthorization : IDashboardAsyncAuthorizationFilter
    {
        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            if (http.Request.Cookies[CookieName] is not { Length: > 0 } cookie)
            {
                return false;
            }

            var db = http.RequestServices.GetRequiredService<Db>();
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            await using var connection = await db.OpenAsync(http.RequestAborted);
            var role = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT role FROM jobs_dashboard_sessions WHERE cookie_hash = @hash AND expires_at >= @now",
                new { hash = Hash(cookie), now },
                cancellationToken: http.RequestAborted));
            if (role is not (Roles.Admin or Roles.Supervisor))
            {
                return false;
            }

            http.Items[RoleItem] = role;
            return true;
        }
    }
}

/// <summary>A one-time address that signs a browser in to the Hangfire Dashboard.</summary>
public sealed record JobsDashboardSession(string Url, DateTimeOffset ExpiresAt);
