using System.Security.Claims;
using LiveChat.Gateway.Auth;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// GET /chats/requests: the transfers and invitations still waiting for an answer that are addressed to me (to me, or to
/// one of my departments) or that I sent, oldest first, with the sender's name.
/// </summary>
public static class ListChatRequests
{
    public static IEndpointRouteBuilder MapListChatRequests(this IEndpointRouteBuilder api)
    {
        api.MapGet("/chats/requests", HandleAsync).WithTags("Chats").WithName("ListChatRequests")
            .WithSummary("Pending transfers and invitations addressed to me or my departments, or sent by me.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ChatRequestView>>> HandleAsync(ClaimsPrincipal user, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var me = user.OperatorId();
        var rows = await connection.QueryAsync<ChatRequest, string?, (ChatRequest Request, string? FromName)>(new CommandDefinition(
            $"""
            SELECT r.{ChatRequest.Columns.Replace(", ", ", r.", StringComparison.Ordinal)}, o.name AS from_operator_name
            FROM chat_requests r LEFT JOIN operators o ON o.id = r.from_operator_id
            WHERE r.state = {Sql.Literal(RequestState.Pending)} AND r.expires_at > @now
              AND (r.from_operator_id = @me
                   OR r.to_operator_id = @me
                   OR (r.to_operator_id IS NULL AND r.to_department_id IN (SELECT department_id FROM operator_departments WHERE operator_id = @me)))
            ORDER BY r.created_at, r.id
            """,
            new { me, now = time.GetUtcNow() },
            cancellationToken: cancellationToken),
            (request, fromName) => (request, fromName),
            splitOn: "from_operator_name");
        return TypedResults.Ok<IReadOnlyList<ChatRequestView>>([.. rows.Select(r => new ChatRequestView(
            r.Request.Id, r.Request.ChatId, r.Request.Kind, r.Request.FromOperatorId, r.FromName, r.Request.ToOperatorId, r.Request.ToDepartmentId,
            r.Request.Note, r.Request.State, r.Request.CreatedAt, r.Request.ExpiresAt))]);
    }
}
