using System.Security.Claims;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;
using Microsoft.AspNetCore.Mvc;

namespace LiveChat.Gateway.Tickets;

/// <summary>The ticket queue: list requests by state, and send a failed one again.</summary>
public static class TicketsApi
{
    private const string Columns =
        "t.id, t.chat_id, t.kind, t.state, t.provider, t.attempts, t.next_attempt_at, t.external_id, t.external_url AS url, t.last_error, t.created_at, t.updated_at";

    public static IEndpointRouteBuilder MapTickets(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/tickets").WithTags("Tickets");
        group.MapGet("/", ListAsync).WithName("ListTickets")
            .WithSummary("Ticket requests, newest first; filtered by state (pending, created, failed) and chat.");
        group.MapPost("/{id}/retry", RetryAsync).WithName("RetryTicket").RequireAuthorization(Policies.Supervisor)
            .WithSummary("Queues a failed ticket request again, due now (supervisors and admins).");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<TicketRequestView>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user,
        Db db,
        CancellationToken cancellationToken,
        [FromQuery] string? state = null,
        [FromQuery] string? chatId = null,
        [FromQuery] int? limit = null)
    {
        if (state is not null && !TicketState.All.Contains(state, StringComparer.Ordinal))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = ["'state' must be one of pending, created, failed."] });
        }

        if (limit is < 1 or > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["'limit' must be between 1 and 200."] });
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        var access = await ChatAccess.ForAsync(user, connection, cancellationToken);
        var where = new List<string> { "1 = 1" };
        if (state is not null)
        {
            where.Add("t.state = @state");
        }

        if (chatId is not null)
        {
            where.Add("t.chat_id = @chatId");
        }

        if (!access.AllDepartments)
        {
            where.Add(Db.AnyOf(connection, "c.department_id", "departments"));
        }

        var rows = await connection.QueryAsync<TicketRequestView>(new CommandDefinition(
            $"SELECT {Columns} FROM ticket_requests t JOIN chats c ON c.id = t.chat_id WHERE {string.Join(" AND ", where)} ORDER BY t.created_at DESC, t.id DESC LIMIT @limit",
            new { state, chatId, departments = access.DepartmentIds.ToArray(), limit = limit ?? 50 },
            cancellationToken: cancellationToken));
        return TypedResults.Ok<IReadOnlyList<TicketRequestView>>([.. rows]);
    }

    /// <summary>
    /// A failed request becomes pending again with a fresh set of attempts. Its ambiguity is kept: an
    /// earlier attempt may have created the ticket, and the next one must look before creating. The relay, woken,
    /// requeues the request's Hangfire job (left failed when it gave up).
    /// </summary>
    private static async Task<Results<Ok<TicketRequestView>, ProblemHttpResult>> RetryAsync(
        string id, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var state = await work.ScalarAsync<string>("SELECT state FROM ticket_requests WHERE id = @id", new { id });
        if (state is null)
        {
            return ProblemDetailsBody.NotFound("ticket request", id);
        }

        var updated = await work.ExecuteAsync(
            $"UPDATE ticket_requests SET state = {Sql.Literal(TicketState.Pending)}, attempts = 0, backoffs = 0, next_attempt_at = @now, locked_until = NULL, job_waiting_until = @now, updated_at = @now WHERE id = @id AND state = {Sql.Literal(TicketState.Failed)}",
            new { id, now });
        if (updated == 0)
        {
            return ProblemDetailsBody.Conflict($"Ticket request '{id}' is {state}; only a failed request can be retried.");
        }

        var view = await work.SingleOrDefaultAsync<TicketRequestView>($"SELECT {Columns} FROM ticket_requests t WHERE t.id = @id", new { id });
        work.WroteTicketRequest = true;
        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(view!);
    }
}
