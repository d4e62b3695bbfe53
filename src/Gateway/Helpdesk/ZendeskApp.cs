using System.Net;

namespace LiveChat.Gateway.Helpdesk;

/// <summary>
/// The Zendesk sidebar app's URL (plugins/zendesk): Zendesk loads it with a form POST carrying the app's signed JWT
/// (<c>signedUrls</c>) and the <c>origin</c> and <c>app_guid</c> query parameters its SDK needs. A good token gets the app's
/// shell page, at this same URL so the SDK finds those parameters; the shell reads the agent and the ticket's requester
/// through the SDK, asks for an embed session with the token, and opens the one-time URL.
/// </summary>
public static class ZendeskApp
{
    public const string Path = "/helpdesk/zendesk/{installationId}";

    private static readonly Lazy<string> s_shell = new(() =>
    {
        using var stream = typeof(ZendeskApp).Assembly.GetManifestResourceStream("LiveChat.Gateway.Helpdesk.zendesk-app.html")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IEndpointRouteBuilder MapZendeskApp(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).AllowAnonymous().DisableAntiforgery().WithTags("Helpdesk").WithName("OpenZendeskApp")
            .WithSummary("Zendesk's signed-URL POST (form field 'token', the app's RS256 JWT): the sidebar app's page, framed only by the installation's origins.");
        return app;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> HandleAsync(string installationId, HttpContext context, ZendeskToken zendesk)
    {
        if (!context.Request.HasFormContentType)
        {
            return TypedResults.Problem(statusCode: 400, title: "The request is not valid.", detail: "Zendesk posts the app's JWT as the form field 'token'.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var token = form["token"].ToString();
        var installation = await EmbedPage.FindEnabledAsync(context, installationId);
        if (installation is not { Kind: "zendesk" })
        {
            return TypedResults.Problem(statusCode: 404, title: "Not Found", detail: "There is no Zendesk installation turned on with this id.");
        }

        var refusal = token.Length == 0 ? "The form field 'token' is missing." : await zendesk.RefusalAsync(token, installation);
        if (refusal is not null)
        {
            return TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: refusal);
        }

        context.Response.Headers.ContentSecurityPolicy = installation.FrameAncestorsPolicy;
        context.Response.Headers.CacheControl = "no-store";
        var page = s_shell.Value
            .Replace("{{installationId}}", WebUtility.HtmlEncode(installation.Id), StringComparison.Ordinal)
            .Replace("{{token}}", WebUtility.HtmlEncode(token), StringComparison.Ordinal);
        return TypedResults.Content(page, "text/html; charset=utf-8");
    }
}
