using LiveChat.Channels.Activities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.BotConnector;

/// <summary>The Bot Connector v3 routes a channel hosts at its serviceUrl (PROTOCOLS.md §4.2), the subset bots use.</summary>
internal static class BotConnectorEndpoints
{
    public const string Prefix = "/v3/conversations";
    private const int MaxActivityBytes = 256 * 1024;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/{conversationId}/activities", (HttpContext context, string conversationId) => PostAsync(context, conversationId, null))
            .WithName("BotSendToConversation").WithSummary("A bot's activity without a replyToId (proactive).");
        group.MapPost("/{conversationId}/activities/{activityId}", (HttpContext context, string conversationId, string activityId) => PostAsync(context, conversationId, activityId))
            .WithName("BotReplyToActivity").WithSummary("A bot's reply to an activity; answers {\"id\"}.");
        group.MapPut("/{conversationId}/activities/{activityId}", UpdateAsync)
            .WithName("BotUpdateActivity").WithSummary("A bot edits a message it sent; webchat only, other channels answer 405 as the Connector does.");
        group.MapDelete("/{conversationId}/activities/{activityId}", DeleteAsync)
            .WithName("BotDeleteActivity").WithSummary("A bot withdraws a message it sent; webchat only, other channels answer 405 as the Connector does.");
        group.MapGet("/{conversationId}/members", MembersAsync)
            .WithName("BotGetConversationMembers").WithSummary("The customer and the bot.");
    }

    private static async Task<IResult> PostAsync(HttpContext context, string conversationId, string? activityId)
    {
        var (bot, activity, error) = await AuthorizeWithActivityAsync(context, conversationId);
        return error ?? Answer(await Conversations(context).PostAsync(bot!, conversationId, activity!, activityId ?? activity!.ReplyToId, context.RequestAborted));
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string conversationId, string activityId)
    {
        var (bot, activity, error) = await AuthorizeWithActivityAsync(context, conversationId);
        return error ?? Answer(await Conversations(context).UpdateAsync(bot!, conversationId, activityId, activity!, context.RequestAborted));
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string conversationId, string activityId)
    {
        var (bot, error) = await AuthorizeAsync(context, conversationId);
        if (error is not null)
        {
            return error;
        }

        var result = await Conversations(context).DeleteAsync(bot!, conversationId, activityId, context.RequestAborted);
        return result is BotActivityResult.Accepted ? TypedResults.Ok() : Answer(result);
    }

    private static async Task<IResult> MembersAsync(HttpContext context, string conversationId)
    {
        var (bot, error) = await AuthorizeAsync(context, conversationId);
        if (error is not null)
        {
            return error;
        }

        var members = await Conversations(context).MembersAsync(bot!, conversationId, context.RequestAborted);
        return TypedResults.Json(members.ToList(), BotConnectorJson.Default.ListChannelAccount);
    }

    private static IBotConversations Conversations(HttpContext context) => context.RequestServices.GetRequiredService<IBotConversations>();

    /// <summary>The calling bot and the activity it sent, or the error to answer (401, 403, then 400 for a body that is no Activity).</summary>
    private static async Task<(string? Bot, Activity? Activity, IResult? Error)> AuthorizeWithActivityAsync(HttpContext context, string conversationId)
    {
        var (bot, error) = await AuthorizeAsync(context, conversationId);
        if (error is not null)
        {
            return (null, null, error);
        }

        var activity = await ReadActivityAsync(context.Request);
        var problem = activity is null ? "The body must be a JSON Activity with a type." : ActivityInput.Problem(activity);
        return problem is not null
            ? (null, null, ConnectorErrors.Of(StatusCodes.Status400BadRequest, ConnectorErrors.BadArgument, problem))
            : (bot, activity, null);
    }

    private static IResult Answer(BotActivityResult result) => result switch
    {
        BotActivityResult.Accepted accepted => TypedResults.Json(new ResourceResponse(accepted.Id), BotConnectorJson.Default.ResourceResponse),
        BotActivityResult.Rejected rejected => ConnectorErrors.Of(StatusCodes.Status400BadRequest, ConnectorErrors.BadArgument, rejected.Message),
        BotActivityResult.NotFound missing => ConnectorErrors.Of(StatusCodes.Status404NotFound, ConnectorErrors.NotFound, missing.Message),
        BotActivityResult.NotOwn other => ConnectorErrors.Of(StatusCodes.Status403Forbidden, ConnectorErrors.Forbidden, other.Message),
        // The Bot Connector answers 405 with code BadArgument on channels that cannot edit or delete (e.g. Web Chat, Cortana).
        BotActivityResult.Unsupported unsupported => ConnectorErrors.Of(StatusCodes.Status405MethodNotAllowed, ConnectorErrors.BadArgument, unsupported.Message),
        _ => ConnectorErrors.NotYours(),
    };

    /// <summary>Who is calling (401 when unknown) and whether that bot answers this conversation (403 when not).</summary>
    private static async Task<(string? Bot, IResult? Error)> AuthorizeAsync(HttpContext context, string conversationId)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<BotsOptions>>().Value;
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var caller = await BotCallers.IdentifyAsync(
            context.Request.Headers.Authorization.ToString(), options, context.RequestServices.GetRequiredService<IBotSigningKeys>(), time.GetUtcNow(), context.RequestAborted);
        if (caller is BotCaller.Refused refused)
        {
            return (null, ConnectorErrors.Of(StatusCodes.Status401Unauthorized, ConnectorErrors.Unauthorized, refused.Reason));
        }

        var fronting = await Conversations(context).FrontingBotAsync(conversationId, context.RequestAborted);
        return BotCallers.Admit(caller, fronting, options) switch
        {
            { } bot when bot.Length > 0 => (bot, null),
            _ when caller is BotCaller.Anonymous && fronting is not null =>
                (null, ConnectorErrors.Of(StatusCodes.Status401Unauthorized, ConnectorErrors.Unauthorized, "This conversation's bot must authenticate with a bearer token.")),
            _ => (null, ConnectorErrors.NotYours()),
        };
    }

    private static async Task<Activity?> ReadActivityAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxActivityBytes)
        {
            return null;
        }

        try
        {
            var activity = await JsonSerializer.DeserializeAsync(request.Body, ActivityJson.Default.Activity, request.HttpContext.RequestAborted);
            return activity is { Type.Length: > 0 } ? activity : null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}

internal static class ConnectorErrors
{
    public const string BadArgument = "BadArgument";
    public const string Unauthorized = "Unauthorized";
    public const string Forbidden = "Forbidden";
    public const string NotFound = "NotFound";

    public static IResult Of(int status, string code, string message) =>
        TypedResults.Json(new ConnectorErrorResponse(new ConnectorError(code, message)), BotConnectorJson.Default.ConnectorErrorResponse, statusCode: status);

    public static IResult NotYours() =>
        Of(StatusCodes.Status403Forbidden, Forbidden, "This bot does not answer this conversation.");
}
