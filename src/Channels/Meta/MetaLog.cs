using Microsoft.Extensions.Logging;

namespace LiveChat.Channels.Meta;

/// <summary>Webhook and send logging. Never bodies, texts, tokens or secrets: sizes, ids, codes and counts only.</summary>
internal static partial class MetaLog
{
    [LoggerMessage(1, LogLevel.Warning, "{Channel} webhook body over {Limit} bytes refused")]
    public static partial void BodyTooLarge(ILogger logger, string channel, int limit);

    [LoggerMessage(2, LogLevel.Warning, "{Channel} webhook with a missing or invalid signature refused ({Bytes} bytes)")]
    public static partial void BadSignature(ILogger logger, string channel, int bytes);

    [LoggerMessage(3, LogLevel.Warning, "{Channel} webhook body is not a valid notification ({Bytes} bytes)")]
    public static partial void InvalidJson(ILogger logger, string channel, int bytes);

    [LoggerMessage(4, LogLevel.Warning, "{Channel} webhook for object {Object} ignored; check the app's webhook subscriptions")]
    public static partial void WrongObject(ILogger logger, string channel, string @object);

    [LoggerMessage(5, LogLevel.Debug, "{Channel} webhook carried nothing to store ({Skipped} items skipped)")]
    public static partial void NothingToStore(ILogger logger, string channel, int skipped);

    [LoggerMessage(6, LogLevel.Debug, "{Channel} webhook stored: {Items} items, {Deliveries} delivery updates, {Reads} read receipts, {Duplicates} duplicates, {Skipped} skipped")]
    public static partial void Ingested(ILogger logger, string channel, int items, int deliveries, int reads, int duplicates, int skipped);

    [LoggerMessage(7, LogLevel.Information, "{Channel} webhook item skipped: {Reason} (id {ExternalId})")]
    public static partial void ItemSkipped(ILogger logger, string channel, string reason, string? externalId);

    [LoggerMessage(8, LogLevel.Debug, "{Channel} webhook change of field {Field} ignored")]
    public static partial void FieldIgnored(ILogger logger, string channel, string field);

    [LoggerMessage(9, LogLevel.Warning, "{Channel} reported a system error {Code}: {Title}")]
    public static partial void SystemError(ILogger logger, string channel, int? code, string? title);
}
