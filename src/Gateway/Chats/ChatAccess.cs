using System.Security.Claims;
using LiveChat.Gateway.Auth;

namespace LiveChat.Gateway.Chats;

/// <summary>What an operator may see: supervisors and admins every department, an agent only their own.</summary>
public sealed record ChatAccess(string OperatorId, bool AllDepartments, IReadOnlySet<string> DepartmentIds)
{
    public bool CanSee(string departmentId) => AllDepartments || DepartmentIds.Contains(departmentId);

    public static async Task<ChatAccess> ForAsync(ClaimsPrincipal user, DbConnection connection, CancellationToken cancellationToken)
    {
        var id = user.OperatorId();
        var departments = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT department_id FROM operator_departments WHERE operator_id = @id", new { id }, cancellationToken: cancellationToken));
        return new ChatAccess(id, user.SeesAllDepartments(), departments.ToHashSet(StringComparer.Ordinal));
    }
}
