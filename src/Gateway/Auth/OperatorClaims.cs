using System.Security.Claims;

namespace LiveChat.Gateway.Auth;

public static class OperatorClaims
{
    public const string Id = "sub";
    public const string Role = "role";
    public const string Name = "name";
    public const string Email = "email";

    public static string OperatorId(this ClaimsPrincipal user) =>
        user.FindFirstValue(Id) ?? throw new InvalidOperationException("The request is not an operator's.");

    public static string OperatorRole(this ClaimsPrincipal user) => user.FindFirstValue(Role) ?? Roles.Agent;

    /// <summary>Supervisors and admins see and manage the chats of every department.</summary>
    public static bool SeesAllDepartments(this ClaimsPrincipal user) => user.OperatorRole() is Roles.Supervisor or Roles.Admin;

    /// <summary>The principal every operator request carries, whichever issuer signed its token; the role is the current one.</summary>
    public static ClaimsPrincipal Principal(string id, string role, string name, string email, string scheme) =>
        new(new ClaimsIdentity([new(Id, id), new(Role, role), new(Name, name), new(Email, email)], scheme, Name, Role));
}
