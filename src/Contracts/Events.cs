using System.Text.Json;

namespace LiveChat.Contracts;

/// <summary>One event of the operator's stream (<c>GET /api/v1/events</c>); <see cref="Id"/> is also the SSE id.</summary>
public sealed record EventEnvelope(long Id, string Type, string? ChatId, string? DepartmentId, string? OperatorId, DateTimeOffset At, JsonElement Data);
