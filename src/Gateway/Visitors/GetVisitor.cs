using System.Security.Claims;
using LiveChat.Gateway.Chats;

namespace LiveChat.Gateway.Visitors;

/// <summary>The operator's visitor panel: who this is, and their recent chats and tickets.</summary>
public static class GetVisitor
{
    public static IEndpointRouteBuilder MapGetVisitor(this IEndpointRouteBuilder api)
    {
        api.MapGet("/visitors/{id}", HandleAsync).WithTags("Visitors").WithName("GetVisitor");
        return api;
    }

    private static async Task<Results<Ok<VisitorDetails>, ProblemHttpResult>> HandleAsync(
        string id, ClaimsPrincipal user, Db db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var visitor = await connection.QuerySingleOrDefaultAsync<VisitorRow>(new CommandDefinition(
            "SELECT id, channel, name, email, phone, page, page_title, referrer, language, country, browser, os, created_at FROM visitors WHERE id = @id",
            new { id },
            cancellationToken: cancellationToken));
        if (visitor is null)
        {
            return ProblemDetailsBody.NotFound("visitor", id);
        }

        var access = await ChatAccess.ForAsync(user, connection, cancellationToken);
        // An agent sees the visitor's chats and tickets of their own departments only, as each chat itself would answer 403.
        var all = access.AllDepartments;
        var departments = access.DepartmentIds.ToArray();
        var inDepartments = all ? string.Empty : $" AND {Db.AnyOf(connection, "c.department_id", "departments")}";
        var chats = (await connection.QueryAsync<ChatRow>(new CommandDefinition(
            $"SELECT c.id, c.state, c.channel, c.question, c.department_id, c.started_at, c.ended_at FROM chats c WHERE c.visitor_id = @id{inDepartments} ORDER BY c.started_at DESC LIMIT 20",
            new { id, departments },
            cancellationToken: cancellationToken))).ToList();
        if (!all && chats.Count == 0)
        {
            return ProblemDetailsBody.Forbidden("This visitor has no chat in a department you are a member of.");
        }

        var tickets = await connection.QueryAsync<RecentTicket>(new CommandDefinition(
            $"""
            SELECT t.id, t.chat_id, t.kind, t.state, t.external_id, t.external_url AS url, t.created_at
            FROM ticket_requests t JOIN chats c ON c.id = t.chat_id
            WHERE c.visitor_id = @id{inDepartments} ORDER BY t.created_at DESC LIMIT 20
            """,
            new { id, departments },
            cancellationToken: cancellationToken));

        return TypedResults.Ok(new VisitorDetails(
            visitor.Id, visitor.Channel, visitor.Name, visitor.Email, visitor.Phone, visitor.Page, visitor.PageTitle, visitor.Referrer,
            visitor.Language, visitor.Country, visitor.Browser, visitor.Os, visitor.CreatedAt,
            [.. chats.Select(c => new RecentChat(c.Id, c.State, c.Channel, c.Question, c.StartedAt, c.EndedAt))],
            [.. tickets]));
    }

    private sealed record VisitorRow
    {
        public required string Id { get; init; }
        public required string Channel { get; init; }
        public string? Name { get; init; }
        public string? Email { get; init; }
        public string? Phone { get; init; }
        public string? Page { get; init; }
        public string? PageTitle { get; init; }
        public string? Referrer { get; init; }
        public string? Language { get; init; }
        public string? Country { get; init; }
        public string? Browser { get; init; }
        public string? Os { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }

    private sealed record ChatRow
    {
        public required string Id { get; init; }
        public required string State { get; init; }
        public required string Channel { get; init; }
        public string? Question { get; init; }
        public required string DepartmentId { get; init; }
        public DateTimeOffset StartedAt { get; init; }
        public DateTimeOffset? EndedAt { get; init; }
    }
}
