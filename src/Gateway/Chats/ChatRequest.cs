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
    public EventRoute ToTarget() => new(ChatId, ToOperatorId is null ? ToDepartmentId : null, ToOperatorId);

    /// <summary>An event for the operator who asked.</summary>
    public EventRoute ToSender() => EventRoute.Operator(ChatId, FromOperatorId);

    public RequestView ToData() => new(Id, ChatId, Kind, FromOperatorId, ToOperatorId, ToDepartmentId, Note, State, CreatedAt, ExpiresAt);
}
