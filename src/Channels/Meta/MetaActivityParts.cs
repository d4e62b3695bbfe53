namespace LiveChat.Channels.Meta;

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
