namespace LiveChat.Tickets.Zendesk;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ZendeskCreate))]
[JsonSerializable(typeof(ZendeskTicketResponse))]
[JsonSerializable(typeof(ZendeskTicketList))]
[JsonSerializable(typeof(ZendeskUserResponse))]
[JsonSerializable(typeof(ZendeskUserList))]
[JsonSerializable(typeof(ZendeskSearchResult))]
internal sealed partial class ZendeskJson : JsonSerializerContext;

internal sealed record ZendeskCreate(ZendeskNewTicket Ticket);

internal sealed record ZendeskNewTicket(
    string Subject,
    ZendeskComment Comment,
    ZendeskRequester Requester,
    IReadOnlyList<string> Tags,
    string ExternalId);

internal sealed record ZendeskComment(string Body, bool Public);

internal sealed record ZendeskRequester(string Name, string? Email);

internal sealed record ZendeskTicket(JsonElement Id, IReadOnlyList<string>? Tags);

internal sealed record ZendeskTicketResponse(ZendeskTicket? Ticket);

internal sealed record ZendeskTicketList(List<ZendeskTicket>? Tickets);

internal sealed record ZendeskUser(JsonElement Id, string? Email, bool? Active);

internal sealed record ZendeskUserResponse(ZendeskUser? User);

internal sealed record ZendeskUserList(List<ZendeskUser>? Users);

internal sealed record ZendeskFoundTicket(JsonElement Id, string? Subject, string? Status, string? UpdatedAt);

internal sealed record ZendeskSearchResult(List<ZendeskFoundTicket>? Results);
