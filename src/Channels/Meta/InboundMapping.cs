using LiveChat.Channels.Inbox;

namespace LiveChat.Channels.Meta;

/// <summary>Turns one verified webhook body into the batch for the inbox.</summary>
internal interface IMetaInboundMapper
{
    InboundMapping Map(ReadOnlySpan<byte> body);
}

/// <summary>The outcome of mapping a body: a batch, a body that is not JSON, or a notification for another product.</summary>
internal abstract record InboundMapping
{
    private InboundMapping()
    {
    }

    public sealed record Mapped(InboundBatch Batch, int Skipped) : InboundMapping;

    public sealed record InvalidJson : InboundMapping;

    public sealed record WrongObject(string? Object) : InboundMapping;
}

/// <summary>Activity parts shared by the Meta mappers.</summary>
internal static class MetaActivityParts
{
    public const string UserRole = "user";
    public const string BusinessRole = "bot";

    public static JsonElement StringValue(string value) => JsonSerializer.SerializeToElement(value, MetaJson.Default.String);

    public static JsonElement GeoCoordinates(double latitude, double longitude, string? name) =>
        JsonSerializer.SerializeToElement(new GeoCoordinatesEntity("GeoCoordinates", latitude, longitude, name), MetaJson.Default.GeoCoordinatesEntity);

    /// <summary>Bot Framework's messageReaction carries <c>reactionsAdded</c> / <c>reactionsRemoved</c>, which our Activity keeps in its extension data.</summary>
    public static Dictionary<string, JsonElement> Reaction(string emoji, bool added) => new(StringComparer.Ordinal)
    {
        [added ? "reactionsAdded" : "reactionsRemoved"] =
            JsonSerializer.SerializeToElement(new List<ReactionEntry> { new(emoji) }, MetaJson.Default.ListReactionEntry),
    };

    public static string CustomerAccountId(string channel, string conversationKey) => $"{channel}:{conversationKey}";
}

internal static class MetaJsonReading
{
    /// <summary>One notification item as <typeparamref name="T"/>, or null when it is not an object of that shape.</summary>
    public static T? TryRead<T>(JsonElement element, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return element.Deserialize(typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
