using LiveChat.Channels.Inbox;

namespace LiveChat.Channels.Activities;

/// <summary>
/// What a client that can correct itself (a Direct Line client, a bot) may send in an activity, decided once: text
/// PostgreSQL cannot store (U+0000), text UTF-8 cannot encode (a lone surrogate, invalid UTF-8 inside an escape) and
/// fields above <see cref="InboundLimits"/> are refused with a 400 naming the field (third-party webhooks are cleaned
/// instead, as their senders cannot be corrected).
/// </summary>
public static class ActivityInput
{
    /// <summary>The first field of <paramref name="activity"/> that cannot be accepted, said for the client; null when none.</summary>
    public static string? Problem(Activity activity) =>
        Field("text", activity.Text, InboundLimits.Text)
        ?? Field("from.id", activity.From?.Id, InboundLimits.Id)
        ?? Field("from.name", activity.From?.Name, InboundLimits.Field)
        ?? Field("name", activity.Name, InboundLimits.Field)
        ?? Field("locale", activity.Locale, InboundLimits.Field)
        ?? Json("channelData", activity.ChannelData)
        ?? Json("value", activity.Value)
        ?? activity.Entities?.Select((e, i) => Json($"entities[{i}]", e)).FirstOrDefault(p => p is not null)
        ?? activity.Attachments?.Select(Attachment).FirstOrDefault(p => p is not null);

    private static string? Attachment(Attachment? a, int i) =>
        a is null ? $"'attachments[{i}]' must be an attachment."
        : Field($"attachments[{i}].name", a.Name, InboundLimits.Field) ?? Field($"attachments[{i}].contentType", a.ContentType, InboundLimits.Field)
        ?? Field($"attachments[{i}].contentUrl", a.ContentUrl, int.MaxValue) ?? Field($"attachments[{i}].thumbnailUrl", a.ThumbnailUrl, InboundLimits.Url)
        ?? Json($"attachments[{i}].content", a.Content);

    /// <summary>Why <paramref name="value"/> in <paramref name="field"/> cannot be accepted, or null.</summary>
    public static string? Field(string field, string? value, int max) =>
        value is null ? null
        : SafeText.Problem(value) is { } problem ? $"'{field}' {problem}."
        : value.Length > max ? $"'{field}' is longer than {max} characters."
        : null;

    private static string? Json(string path, JsonElement? element)
    {
        switch (element?.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    return Field(path, element.Value.GetString(), int.MaxValue);
                }
                catch (InvalidOperationException)
                {
                    return $"'{path}' is not valid text.";
                }

            case JsonValueKind.Object:
                foreach (var property in element.Value.EnumerateObject())
                {
                    if (Json($"{path}.{property.Name}", property.Value) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.Value.EnumerateArray())
                {
                    if (Json($"{path}[{index++}]", item) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
