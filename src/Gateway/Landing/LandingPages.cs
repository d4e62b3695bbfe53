using System.Text.Encodings.Web;
using LiveChat.Gateway.Auth;

namespace LiveChat.Gateway.Landing;

/// <summary>
/// <c>GET /</c>: where a newcomer starts (the operator console, or the demo shop to chat as a customer);
/// <c>GET /demo</c>: a shop page with the web widget. Plain HTML kept as embedded resources; no scripts of their own.
/// </summary>
public static class LandingPages
{
    private static readonly Lazy<string> s_landing = new(() => Resource("index.html"));
    private static readonly Lazy<byte[]> s_demo = new(() => System.Text.Encoding.UTF8.GetBytes(Resource("demo.html")));

    public static IEndpointRouteBuilder MapLanding(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Landing).WithTags("Landing").WithName("LandingPage")
            .WithSummary("The start page: open the operator console, or chat as a customer on the demo page.");
        app.MapGet("/demo", (HttpContext context) => Page(context, s_demo.Value)).WithTags("Landing").WithName("DemoShopPage")
            .WithSummary("A demo shop page with the web widget, to chat as a customer.");
        return app;
    }

    private static IResult Landing(HttpContext context, IHostEnvironment environment, IOptions<BootstrapOptions> bootstrap)
    {
        var html = s_landing.Value.Replace("{{signIn}}", HtmlEncoder.Default.Encode(SignInLine(environment, bootstrap.Value)), StringComparison.Ordinal);
        return Page(context, System.Text.Encoding.UTF8.GetBytes(html));
    }

    /// <summary>Names the Development admin and where its password is set; the password itself is never put in the page.</summary>
    internal static string SignInLine(IHostEnvironment environment, BootstrapOptions bootstrap) =>
        environment.IsDevelopment() && !string.IsNullOrWhiteSpace(bootstrap.AdminEmail)
            ? $"Development sign-in: {bootstrap.AdminEmail.Trim()} with the password of Bootstrap:AdminPassword (src/Gateway/appsettings.Development.json)."
            : "Sign in with your operator account.";

    private static IResult Page(HttpContext context, byte[] html)
    {
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Bytes(html, "text/html; charset=utf-8");
    }

    private static string Resource(string name)
    {
        using var stream = typeof(LandingPages).Assembly.GetManifestResourceStream($"LiveChat.Gateway.Landing.{name}")
            ?? throw new InvalidOperationException($"The page {name} is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
