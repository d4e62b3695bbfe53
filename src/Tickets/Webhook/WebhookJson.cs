namespace LiveChat.Tickets.Webhook;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(WebhookTicket))]
[JsonSerializable(typeof(WebhookAnswer))]
internal sealed partial class WebhookJson : JsonSerializerContext;

/// <summary>The JSON body of a ticket webhook: the request, plus the ticket content as the other sinks render it.</summary>
internal sealed record WebhookTicket(
    string IdempotencyKey,
    string ChatId,
    string Kind,
    string Subject,
    string Channel,
    string? DepartmentId,
    string? DepartmentName,
    TicketContact Contact,
    string? Question,
    string? Summary,
    IReadOnlyList<string> Tags,
    string? ChatUrl,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    IReadOnlyList<TicketLine> Lines,
    string Text,
    string Html);

internal sealed record WebhookAnswer(JsonElement Id, string? Url);
