namespace LiveChat.Channels.Meta;

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
