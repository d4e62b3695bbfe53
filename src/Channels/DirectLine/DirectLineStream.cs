using System.Net.WebSockets;
using LiveChat.Channels.Activities;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.DirectLine;

/// <summary>
/// The WebSocket stream (PROTOCOLS.md §8.3): replays after the watermark, then pushes each new page of activities
/// as an ActivitySet (always with an <c>activities</c> array) and sends <c>""</c> keep-alives when idle. The
/// socket is authorised by the streamUrl's <c>t=</c>; client frames are read only to notice the close.
/// </summary>
internal static class DirectLineStream
{
    public static async Task<IResult> AcceptAsync(
        string conversationId, string? watermark, string? t, HttpContext context, DirectLineTokens tokens, IDirectLineConversations conversations,
        IDirectLineActivities activities, IOptions<DirectLineOptions> options, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return DirectLineErrors.BadRequest("The stream is a WebSocket: connect to the streamUrl with a WebSocket client.");
        }

        switch (await tokens.CheckAsync(t, DirectLineTokens.StreamKind))
        {
            case TokenCheck.Expired:
                return DirectLineErrors.Of(StatusCodes.Status403Forbidden, DirectLineErrors.TokenExpired, "The stream token expired; reconnect (GET the conversation) for a new streamUrl.");
            case TokenCheck.Invalid:
                return DirectLineErrors.Of(StatusCodes.Status401Unauthorized, DirectLineErrors.Unauthorized, "The stream token (t=) is not valid.");
            case TokenCheck.Valid { Claims.ConversationId: var granted } when !string.Equals(granted, conversationId, StringComparison.Ordinal):
                return DirectLineAuth.WrongConversation();
        }

        if (await conversations.FindAsync(conversationId, context.RequestAborted) is null)
        {
            return DirectLineErrors.UnknownConversation();
        }

        var logger = loggers.CreateLogger(DirectLineLog.Category);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var receiving = DrainAsync(socket, stop);
        try
        {
            await PushAsync(socket, conversationId, watermark is "-" ? null : watermark, activities, TimeSpan.FromSeconds(options.Value.KeepAliveSeconds), logger, stop.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            DirectLineLog.StreamClosed(logger, conversationId);
        }
        catch (Exception exception)
        {
            DirectLineLog.StreamFailed(logger, conversationId, exception);
        }

        await stop.CancelAsync();
        await receiving;
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closing.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return Results.Empty;
    }

    private static async Task PushAsync(
        WebSocket socket, string conversationId, string? watermark, IDirectLineActivities activities, TimeSpan keepAlive, ILogger logger, CancellationToken cancellationToken)
    {
        using var watch = activities.Watch(conversationId);
        while (!cancellationToken.IsCancellationRequested)
        {
            ActivitySet set;
            try
            {
                set = await activities.ReadAsync(conversationId, watermark, DirectLineEndpoints.PageSize, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A failed read is retried after the keep-alive; the client keeps its watermark meanwhile.
                DirectLineLog.ReadFailed(logger, exception);
                set = new ActivitySet([], watermark);
            }

            if (set.Activities.Count > 0)
            {
                var frame = JsonSerializer.SerializeToUtf8Bytes(DirectLineShape.ForClient(set, conversationId), DirectLineJson.Default.ActivitySet);
                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                watermark = set.Watermark;
                continue;
            }

            if (!await watch.WaitAsync(keepAlive, cancellationToken))
            {
                await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
    }

    /// <summary>Reads and ignores the client's frames (pings are ""); a close or a broken socket stops the stream.</summary>
    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource stop)
    {
        var buffer = new byte[4096];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer, stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            // closing
        }

        await stop.CancelAsync();
    }
}
