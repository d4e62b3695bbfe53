namespace LiveChat.Channels.Tests.Support;

internal static class Outbound
{
    public static OutboundMessage Text(
        string to, string text, DateTimeOffset? customerLastMessageAt = null, bool fromHumanAgent = true, string? replyToId = null) =>
        new("out-1", to, new Activity { Type = ActivityTypes.Message, Text = text, ReplyToId = replyToId }, customerLastMessageAt, fromHumanAgent);

    public static OutboundMessage WithAttachment(string to, string? text, string contentType, string url, string? name = null) =>
        new(
            "out-2",
            to,
            new Activity
            {
                Type = ActivityTypes.Message,
                Text = text,
                Attachments = [new Attachment { ContentType = contentType, ContentUrl = url, Name = name }],
            },
            null,
            true);

    public static string Str(this JsonElement element, params string[] path)
    {
        foreach (var step in path)
        {
            element = int.TryParse(step, out var index) ? element[index] : element.GetProperty(step);
        }

        return element.GetString()!;
    }
}
