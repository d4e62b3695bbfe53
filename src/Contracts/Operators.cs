namespace LiveChat.Contracts;

public sealed record OperatorView(
    string Id,
    string Name,
    string Email,
    string Role,
    IReadOnlyList<string> DepartmentIds,
    int MaxConcurrentChats,
    string Language,
    string Status,
    bool Ringer,
    bool Disabled = false);

public sealed record DepartmentView(string Id, string Name, bool IsDefault, DateTimeOffset CreatedAt);
