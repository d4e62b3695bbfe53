using System.Security.Claims;

namespace LiveChat.Gateway.Auth;

/// <summary>The operator a request acts for, as a value the use cases take (the route reads it from the token once).</summary>
public sealed record CurrentOperator(string Id, string? Name, bool SeesAllDepartments)
{
    public static CurrentOperator From(ClaimsPrincipal user) => new(user.OperatorId(), user.Identity?.Name, user.SeesAllDepartments());
}
