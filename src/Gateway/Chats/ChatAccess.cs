using System.Security.Claims;
using LiveChat.Gateway.Auth;

namespace LiveChat.Gateway.Chats;

/// <summary>What an operator may see: supervisors and admins every department, an agent only their own.</summary>
public sealed record ChatAccess(string OperatorId, bool AllDepartments, IReadOnlySet<string> DepartmentIds)
{
    public bool CanSee(string departmentId) => AllDepartments || DepartmentIds.Contains(departmentId);

    /// <summary>The one answer for an agent reaching into another department's chat, whatever they tried (read, reply, typing, leave).</summary>
    public static ProblemHttpResult OtherDepartment() => ProblemDetailsBody.Forbidden(OtherDepartmentDetail);

    public const string OtherDepartmentDetail = "This chat belongs to a department you are not a member of.";

    /// <summary>Whether an operator who is not in the chat is refused it outright (another department's, not a supervisor).</summary>
    public static async Task<bool> IsOtherDepartmentsAsync(UnitOfWork work, CurrentOperator me, string departmentId) =>
        !me.SeesAllDepartments
        && await work.ScalarAsync<long>(
            "SELECT COUNT(*) FROM operator_departments WHERE operator_id = @id AND department_id = @departmentId",
            new { id = me.Id, departmentId }) == 0;

    public static async Task<ChatAccess> ForAsync(ClaimsPrincipal user, DbConnection connection, CancellationToken cancellationToken)
    {
        var id = user.OperatorId();
        var departments = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT department_id FROM operator_departments WHERE operator_id = @id", new { id }, cancellationToken: cancellationToken));
        return new ChatAccess(id, user.SeesAllDepartments(), departments.ToHashSet(StringComparer.Ordinal));
    }
}
