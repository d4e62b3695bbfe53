namespace LiveChat.Gateway.Helpdesk;

/// <summary>
/// The embed page is the console's own page at <c>/console/embed/{installation}</c>; this adds its
/// <c>Content-Security-Policy: frame-ancestors</c>, exactly the installation's configured origins. An unknown or
/// turned-off installation gets <c>frame-ancestors 'none'</c>: no helpdesk may frame it.
/// </summary>
public static class EmbedPage
{
    public const string PathPrefix = "/console/embed/";

    public static IApplicationBuilder UseEmbedPageFraming(this IApplicationBuilder app) =>
        app.UseWhen(
            context => HttpMethods.IsGet(context.Request.Method) && context.Request.Path.StartsWithSegments("/console/embed", StringComparison.Ordinal),
            embed => embed.Use(async (context, next) =>
            {
                var path = context.Request.Path.Value!;
                var id = path.Length > PathPrefix.Length ? path[PathPrefix.Length..].Split('/')[0] : string.Empty;
                var installation = id.Length is > 0 and <= OperatorInput.MaxId ? await FindEnabledAsync(context, id) : null;
                context.Response.Headers.ContentSecurityPolicy = installation?.FrameAncestorsPolicy ?? "frame-ancestors 'none'";
                context.Response.Headers.CacheControl = "no-store";
                await next(context);
            }));

    public static async Task<InstallationRow?> FindEnabledAsync(HttpContext context, string id)
    {
        var db = context.RequestServices.GetRequiredService<Db>();
        await using var connection = await db.OpenAsync(context.RequestAborted);
        var installation = await HelpdeskInstallations.FindAsync(connection, id, context.RequestAborted);
        return installation is { Enabled: true } ? installation : null;
    }
}
