using System.Security.Cryptography;
using System.Text;
using LiveChat.Channels.Activities;

namespace LiveChat.Channels.DirectLine;

/// <summary>Pure shaping of activities between the wire and the gateway.</summary>
internal static class DirectLineShape
{
    /// <summary>What every client sees: the Direct Line channel id and its own conversation, nothing server-side.</summary>
    public static ActivitySet ForClient(ActivitySet set, string conversationId) =>
        set with
        {
            Activities = [.. set.Activities.Select(a => a with
            {
                ChannelId = DirectLineChannel.WireChannelId,
                Conversation = new ConversationAccount { Id = conversationId },
                ServiceUrl = null,
            })],
        };

    /// <summary>
    /// The id of a visitor's activity: stable for the same client activity id (so a re-sent activity is the same
    /// one, absorbed by ingest), fresh otherwise. Always prefixed with the conversation, as the real service does.
    /// </summary>
    public static string ActivityId(string conversationId, string? clientActivityId)
    {
        if (string.IsNullOrEmpty(clientActivityId))
        {
            return $"{conversationId}|{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";
        }

        var plain = clientActivityId.Length <= 64 && clientActivityId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        return plain
            ? $"{conversationId}|{clientActivityId}"
            : $"{conversationId}|{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(clientActivityId)))[..32]}";
    }

    public static string? ClientActivityId(Activity activity) =>
        activity.ChannelData is { ValueKind: JsonValueKind.Object } data
        && data.TryGetProperty("clientActivityID", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    /// <summary>The visitor's activity as the gateway stores it: our id and time, the client's channelData kept for the echo.</summary>
    public static Activity Inbound(Activity activity, DirectLineConversation conversation, string id, DateTimeOffset now) =>
        activity with
        {
            Id = id,
            Timestamp = now,
            ChannelId = DirectLineChannel.WireChannelId,
            ServiceUrl = null,
            Conversation = new ConversationAccount { Id = conversation.Id },
            From = (activity.From ?? new ChannelAccount()) with
            {
                Id = string.IsNullOrEmpty(activity.From?.Id) ? conversation.UserId : activity.From.Id,
                Role = "user",
            },
            Recipient = null,
        };
}
