namespace LiveChat.Tickets.Freshdesk;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FreshdeskCreate))]
[JsonSerializable(typeof(FreshdeskTicket))]
[JsonSerializable(typeof(FreshdeskSearchResult))]
[JsonSerializable(typeof(List<FreshdeskListedTicket>))]
[JsonSerializable(typeof(List<FreshdeskContact>))]
internal sealed partial class FreshdeskJson : JsonSerializerContext;

internal sealed record FreshdeskCreate(
    string Subject,
    string Description,
    string? Name,
    string? Email,
    string? Phone,
    string? UniqueExternalId,
    int Status,
    int Priority,
    int Source,
    IReadOnlyList<string> Tags);

internal sealed record FreshdeskTicket(JsonElement Id);

internal sealed record FreshdeskSearchResult(List<FreshdeskTicket>? Results);

internal sealed record FreshdeskContact(JsonElement Id);

internal sealed record FreshdeskListedTicket(JsonElement Id, string? Subject, int? Status, string? UpdatedAt);
