using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Chats;

/// <summary>A transfer or an invitation waiting for its target's answer.</summary>
public sealed record ChatRequest
{
    public required string Id { get; init; }
    public required string ChatId { get; init; }
    public required string Kind { get; init; }
    public required string FromOperatorId { get; init; }
    public string? ToOperatorId { get; init; }
    public string? ToDepartmentId { get; init; }
    public string? Note { get; init; }
    public required string State { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }

    public const string Columns = "id, chat_id, kind, from_operator_id, to_operator_id, to_department_id, note, state, created_at, expires_at";

    public bool IsAddressedTo(OperatorSnapshot me) =>
        ToOperatorId is not null ? ToOperatorId == me.Id : ToDepartmentId is not null && me.WorksIn(ToDepartmentId);

    /// <summary>An event for the request's target: one operator, or every member of the target department.</summary>
    public NewEvent ToTarget(string type, object data) => new(type, ChatId, ToOperatorId is null ? ToDepartmentId : null, ToOperatorId, data);

    /// <summary>An event for the operator who asked.</summary>
    public NewEvent ToSender(string type, object data) => new(type, ChatId, null, FromOperatorId, data);

    public object ToData() => new { id = Id, chatId = ChatId, kind = Kind, fromOperatorId = FromOperatorId, toOperatorId = ToOperatorId, toDepartmentId = ToDepartmentId, note = Note, state = State, createdAt = CreatedAt, expiresAt = ExpiresAt };
}
