using System.Security.Claims;
using LiveChat.Gateway.Auth;
using Microsoft.AspNetCore.Mvc;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// GET /chats/{id}/colleagues?purpose=transfer|invite|reassign: the online operators this chat could be given now, least
/// loaded first. Transfer and invite: an agent sees the chat's department's operators, a supervisor or admin everyone's;
/// reassign is for supervisors and admins and lists every department's.
/// </summary>
public static class ListColleagues
{
    public static readonly IReadOnlyList<string> Purposes = [RequestKind.Transfer, RequestKind.Invite, "reassign"];

    public static IEndpointRouteBuilder MapListColleagues(this IEndpointRouteBuilder api)
    {
        api.MapGet("/chats/{id}/colleagues", HandleAsync).WithTags("Chats").WithName("ListColleagues")
            .WithSummary("Online operators who could be given this chat now (transfer, invite, reassign), least loaded first; reassign is for supervisors and admins.");
        return api;
    }

    /// <summary>An online operator who is not me, with their load and departments.</summary>
    public sealed record Candidate(ColleagueView View, bool InChat);

    /// <summary>Who may be offered the chat for <paramref name="purpose"/>: not in it, and with room unless it is an invitation.</summary>
    public static IReadOnlyList<ColleagueView> Decide(IEnumerable<Candidate> candidates, string purpose, string departmentId, bool allDepartments) =>
        [.. candidates
            .Where(c => !c.InChat)
            .Where(c => purpose == RequestKind.Invite || c.View.OpenChats < c.View.MaxConcurrentChats)
            .Where(c => allDepartments || c.View.DepartmentIds.Contains(departmentId, StringComparer.Ordinal))
            .Select(c => c.View)
            .OrderBy(c => c.OpenChats)
            .ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Id, StringComparer.Ordinal)];

    private static async Task<Results<Ok<IReadOnlyList<ColleagueView>>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id, ClaimsPrincipal user, Db db, ReplyWindowClock windows, CancellationToken cancellationToken, [FromQuery] string? purpose = null)
    {
        if (purpose is null || !Purposes.Contains(purpose, StringComparer.Ordinal))
        {
            return ProblemDetailsBody.Invalid("purpose", "'purpose' must be one of transfer, invite, reassign.");
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        var (chat, problem) = await ReadChats.FindVisibleAsync(connection, id, user, windows, cancellationToken);
        if (chat is null)
        {
            return problem!;
        }

        if (purpose == "reassign" && !user.SeesAllDepartments())
        {
            return ProblemDetailsBody.Forbidden("Only supervisors and admins reassign chats.");
        }

        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT o.id, o.name, o.status, o.max_concurrent_chats, o.language, ({OperatorSnapshot.OpenChatsSql("o.id")}) AS open_chats
            FROM operators o WHERE o.status = {Sql.Literal(OperatorState.Online)} AND o.id <> @me
            """,
            new { me = user.OperatorId() },
            cancellationToken: cancellationToken))).ToList();
        var ids = rows.Select(r => r.Id).ToArray();
        var departments = rows.Count == 0
            ? Enumerable.Empty<(string OperatorId, string DepartmentId)>().ToLookup(d => d.OperatorId, d => d.DepartmentId)
            : (await connection.QueryAsync<(string OperatorId, string DepartmentId)>(new CommandDefinition(
                $"SELECT operator_id, department_id FROM operator_departments WHERE {Db.AnyOf(connection, "operator_id", "ids")} ORDER BY department_id",
                new { ids },
                cancellationToken: cancellationToken))).ToLookup(d => d.OperatorId, d => d.DepartmentId);
        var inChat = chat.Participants.Where(p => p.Kind == ParticipantKind.Operator && p.LeftAt is null).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var candidates = rows.Select(r => new Candidate(
            new ColleagueView(r.Id, r.Name, r.Status, (int)r.OpenChats, r.MaxConcurrentChats, [.. departments[r.Id]], r.Language),
            inChat.Contains(r.Id)));
        var allDepartments = purpose == "reassign" || user.SeesAllDepartments();
        return TypedResults.Ok(Decide(candidates, purpose, chat.DepartmentId, allDepartments));
    }

    private sealed record Row
    {
        public required string Id { get; init; }
        public required string Name { get; init; }
        public required string Status { get; init; }
        public int MaxConcurrentChats { get; init; }
        public required string Language { get; init; }
        public long OpenChats { get; init; }
    }
}
