using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.DirectLine;

/// <summary>The embeddable widget: its script, a hosted page, and the public endpoint that gives it a conversation token.</summary>
internal static class WidgetEndpoints
{
    private static readonly Lazy<byte[]> s_script = new(() => Resource("widget.js"));
    private static readonly Lazy<byte[]> s_page = new(() => Resource("index.html"));

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/widget.js", (HttpContext context) => Asset(context, s_script.Value, "text/javascript; charset=utf-8"))
            .WithTags("Widget").WithName("WidgetScript").WithSummary("The widget loader: embed it with one <script> tag.");
        endpoints.MapGet("/widget/", (HttpContext context) => Asset(context, s_page.Value, "text/html; charset=utf-8"))
            .WithTags("Widget").WithName("WidgetPage").WithSummary("A hosted page that opens the widget full-window.");
        endpoints.MapPost("/widget/token", IssueAsync)
            .WithTags("Widget").WithName("WidgetToken")
            .WithSummary("A token for one new conversation, for the widget; no credentials, rate-limited per client IP.")
            .RequireCors(DirectLineRegistration.CorsPolicy)
            .RequireRateLimiting(DirectLineRegistration.WidgetTokenRateLimit);
    }

    private static async Task<IResult> IssueAsync(
        HttpContext context, IOptions<DirectLineOptions> options, DirectLineTokens tokens, IDirectLineConversations conversations, TimeProvider time)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return DirectLineErrors.ChannelDisabled();
        }

        // CORS only stops browsers from reading the answer; refusing here stops other sites from creating conversations.
        var origin = context.Request.Headers.Origin.ToString();
        if (settings.AllowedOrigins.Count > 0 && origin.Length > 0
            && !settings.AllowedOrigins.Any(allowed => string.Equals(allowed.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase)))
        {
            return DirectLineErrors.Of(StatusCodes.Status403Forbidden, DirectLineErrors.Forbidden, "This origin may not embed the widget (Channels:DirectLine:AllowedOrigins).");
        }

        var conversation = await DirectLineEndpoints.CreateAsync(conversations, time, userId: null, userName: null, started: false, context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(DirectLineEndpoints.Issue(tokens, conversation, streamUrl: null), DirectLineJson.Default.ConversationResponse);
    }

    private static IResult Asset(HttpContext context, byte[] content, string contentType)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Bytes(content, contentType);
    }

    private static byte[] Resource(string name)
    {
        using var stream = typeof(WidgetEndpoints).Assembly.GetManifestResourceStream($"LiveChat.Channels.DirectLine.Widget.{name}")
            ?? throw new InvalidOperationException($"The widget asset {name} is not embedded in the assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
