using Microsoft.Extensions.Logging;

namespace LiveChat.Channels.DirectLine;

/// <summary>Direct Line logging: ids, counts and sizes only; never tokens, secrets or texts.</summary>
internal static partial class DirectLineLog
{
    public const string Category = "LiveChat.Channels.DirectLine";

    [LoggerMessage(1, LogLevel.Warning, "Reading a Direct Line conversation's activities failed; answered an empty page")]
    public static partial void ReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Debug, "Direct Line stream for {ConversationId} closed")]
    public static partial void StreamClosed(ILogger logger, string conversationId);

    [LoggerMessage(3, LogLevel.Warning, "Direct Line stream for {ConversationId} failed")]
    public static partial void StreamFailed(ILogger logger, string conversationId, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "Direct Line upload of {Bytes} bytes refused (limit {Limit})")]
    public static partial void UploadTooBig(ILogger logger, long bytes, int limit);
}
