namespace LiveChat.Contracts;

public sealed record CannedView(string Id, string Shortcut, string Text, string? DepartmentId, string? CategoryId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record CategoryView(string Id, string Name, string? DepartmentId, DateTimeOffset CreatedAt);
