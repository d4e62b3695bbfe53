using Microsoft.AspNetCore.StaticAssets.Infrastructure;

namespace LiveChat.Gateway.Hosting;

/// <summary>
/// Serves the operator console (src/Console, a Blazor WebAssembly app) at /console: its files through the static web
/// assets the build produced (compressed, fingerprinted, cached), and index.html for every page of the app so a deep
/// link or a reload lands in the right place. (MudBlazor's own files are at /_content/MudBlazor/.) The console talks to the gateway only through the public API.
/// </summary>
public static class ConsoleHosting
{
    public const string Path = "/console";

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.MapStaticAssets();
        // The app's relative links need the trailing slash: /console goes to /console/.
        app.Use((context, next) =>
        {
            if (context.Request.Path.Value == Path)
            {
                context.Response.Redirect($"{context.Request.PathBase}{Path}/{context.Request.QueryString}");
                return Task.CompletedTask;
            }

            return next(context);
        });
        // Every page of the app is its index.html, with links to the fingerprinted files (see ConsolePage).
        var page = ConsolePage.Build(app.Environment.WebRootFileProvider, StaticAssetsEndpointDataSourceHelper.ResolveStaticAssetDescriptors(app, null));
        if (page is null)
        {
            app.MapFallbackToFile($"{Path}/{{*path:nonfile}}", "console/index.html").ExcludeFromDescription();
        }
        else
        {
            app.MapMethods($"{Path}/{{*path:nonfile}}", [HttpMethods.Get, HttpMethods.Head], page.WriteAsync).ExcludeFromDescription();
        }

        return app;
    }
}
