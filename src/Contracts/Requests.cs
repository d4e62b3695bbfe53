namespace LiveChat.Contracts;

// Bodies the console sends to routes that existed before it. The gateway's own request records carry the same
// names and fields (camelCase JSON); a change to one is a change to the wire contract.

public sealed record SignInRequest(string Email, string Password);

public sealed record SignInResponse(string AccessToken, string TokenType, int ExpiresIn, OperatorView Operator);

public sealed record StatusRequest(string Status, bool? Ringer);

public sealed record ReplyRequest(string Text);

public sealed record TransferRequest(string? OperatorId, string? DepartmentId, string? Note);

public sealed record InviteRequest(string OperatorId, string? Note);

public sealed record ReassignRequest(string OperatorId, string? DepartmentId);

public sealed record EndRequest(int AfterSeconds);

public sealed record TagsRequest(IReadOnlyList<string>? Tags);

public sealed record SummarizeRequest(string? Language);

public sealed record HandBackRequest(string? Bot);
