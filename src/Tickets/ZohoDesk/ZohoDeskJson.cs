namespace LiveChat.Tickets.ZohoDesk;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ZohoTicketCreate))]
[JsonSerializable(typeof(ZohoComment))]
[JsonSerializable(typeof(ZohoTagList))]
[JsonSerializable(typeof(ZohoTicket))]
[JsonSerializable(typeof(ZohoSearchResult))]
[JsonSerializable(typeof(ZohoFoundTickets))]
[JsonSerializable(typeof(ZohoTokenResponse))]
internal sealed partial class ZohoDeskJson : JsonSerializerContext;

internal sealed record ZohoTicketCreate(
    string Subject,
    string DepartmentId,
    ZohoContact Contact,
    string? Email,
    string? Phone,
    string Description,
    string Channel,
    Dictionary<string, string>? Cf);

internal sealed record ZohoContact(string LastName, string? FirstName, string? Email, string? Phone);

internal sealed record ZohoComment(bool IsPublic, string ContentType, string Content);

internal sealed record ZohoTagList(IReadOnlyList<string> Tags);

internal sealed record ZohoTicket(JsonElement Id, string? WebUrl, string? Subject, Dictionary<string, JsonElement>? Cf);

internal sealed record ZohoSearchResult(List<ZohoTicket>? Data);

internal sealed record ZohoFoundTicket(JsonElement Id, string? TicketNumber, string? Subject, string? Status, string? ModifiedTime, string? WebUrl);

internal sealed record ZohoFoundTickets(List<ZohoFoundTicket>? Data);

internal sealed record ZohoTokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("error")] string? Error);
