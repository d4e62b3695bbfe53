using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using LiveChat.Channels.Meta;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.DirectLine;

/// <summary>POST …/activities and …/upload: the visitor's activities into the gateway's inbox.</summary>
internal static class DirectLinePosting
{
    /// <summary>Direct Line's limit is 256K characters per activity; a UTF-8 body of this size holds at least that.</summary>
    public const int MaxActivityBytes = 300 * 1024;

    private static readonly HashSet<string> s_accepted = new(StringComparer.Ordinal)
    {
        ActivityTypes.Message, ActivityTypes.Typing, ActivityTypes.EndOfConversation, ActivityTypes.Event,
    };

    public static async Task<IResult> PostAsync(
        string conversationId, HttpContext context, DirectLineTokens tokens, IDirectLineConversations conversations, IChannelInbox inbox,
        IOptions<DirectLineOptions> options, TimeProvider time)
    {
        var (conversation, error) = await DirectLineEndpoints.AuthorizeAsync(context, conversationId, tokens, conversations);
        if (error is not null)
        {
            return error;
        }

        var body = await MetaWebhookEndpoints.ReadBoundedAsync(context.Request, MaxActivityBytes, context.RequestAborted);
        if (body is null)
        {
            return DirectLineErrors.Of(StatusCodes.Status413PayloadTooLarge, DirectLineErrors.MessageSizeTooBig, $"An activity is limited to {MaxActivityBytes} bytes.");
        }

        var activity = DirectLineInput.Parse(body, out var problem);
        return activity is null
            ? DirectLineErrors.BadRequest(problem!)
            : await AcceptAsync(conversation!, activity, context, conversations, inbox, options.Value, time);
    }

    public static async Task<IResult> UploadAsync(
        string conversationId, HttpContext context, DirectLineTokens tokens, IDirectLineConversations conversations, IChannelInbox inbox,
        IOptions<DirectLineOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        var (conversation, error) = await DirectLineEndpoints.AuthorizeAsync(context, conversationId, tokens, conversations);
        if (error is not null)
        {
            return error;
        }

        var limit = options.Value.MaxUploadBytes;
        var request = context.Request;
        if (request.ContentLength > limit + MaxActivityBytes)
        {
            DirectLineLog.UploadTooBig(loggers.CreateLogger(DirectLineLog.Category), request.ContentLength.Value, limit);
            return TooBig(limit);
        }

        var upload = await DirectLineUpload.ReadAsync(request, limit, context.RequestAborted);
        return upload switch
        {
            DirectLineUpload.Result.TooBig => TooBig(limit),
            DirectLineUpload.Result.Malformed bad => DirectLineErrors.BadRequest(bad.Message),
            DirectLineUpload.Result.Ok ok => await AcceptAsync(
                conversation!,
                (ok.Activity ?? new Activity { Type = ActivityTypes.Message }) with { Type = ActivityTypes.Message, Attachments = ok.Attachments },
                context, conversations, inbox, options.Value, time),
            _ => throw new InvalidOperationException("Unknown upload outcome."),
        };
    }

    private static IResult TooBig(int limit) =>
        DirectLineErrors.Of(StatusCodes.Status413PayloadTooLarge, DirectLineErrors.MessageSizeTooBig,
            $"Uploads are limited to {limit} bytes in all (Channels:DirectLine:MaxUploadBytes).");

    private static async Task<IResult> AcceptAsync(
        DirectLineConversation conversation, Activity activity, HttpContext context, IDirectLineConversations conversations, IChannelInbox inbox,
        DirectLineOptions options, TimeProvider time)
    {
        if (!s_accepted.Contains(activity.Type))
        {
            return DirectLineErrors.BadRequest($"Activities of type '{activity.Type}' are not accepted from clients.");
        }

        if (ActivityInput.Problem(activity) is { } problem)
        {
            return DirectLineErrors.BadRequest(problem);
        }

        var cancellationToken = context.RequestAborted;
        var now = time.GetUtcNow();
        if (conversation.StartedAt is null)
        {
            await conversations.StartAsync(conversation.Id, now, cancellationToken);
        }

        var visitor = VisitorContext.Merge(conversation.Visitor, activity, context.Request.Headers, options.CountryHeader);
        if (visitor != conversation.Visitor)
        {
            await conversations.SaveVisitorAsync(conversation.Id, visitor, cancellationToken);
        }

        var id = activity.Type == ActivityTypes.Typing
            ? DirectLineShape.ActivityId(conversation.Id, null)
            : DirectLineShape.ActivityId(conversation.Id, DirectLineShape.ClientActivityId(activity));
        if (activity.Type != ActivityTypes.Event || activity.Name == CustomerEvents.HandoffRequest)
        {
            // Other events only carry context here (the visitor profile above); they neither open nor appear in a chat.
            var inbound = DirectLineShape.Inbound(activity, conversation, id, now);
            await inbox.IngestAsync(InboundBatch.Of(new InboundItem(DirectLineChannel.Name, id, conversation.Id, inbound, visitor)), cancellationToken);
        }

        return TypedResults.Json(new ResourceResponse(id), DirectLineJson.Default.ResourceResponse);
    }
}
