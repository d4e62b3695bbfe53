using System.Security.Claims;
using LiveChat.Gateway.Chats;
using LiveChat.Tickets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;

namespace LiveChat.Gateway.Helpdesk;

/// <summary>
/// The visitor panel's tickets from the helpdesk itself (Zendesk, Zoho Desk, Freshdesk: <c>Tickets:Provider</c>), found by
/// the visitor's email or phone; read like the visitor (an agent only for a visitor with a chat in their departments).
/// A helpdesk that fails or is slow is an answer ("unavailable" and why), never an error; answers are kept briefly
/// (<see cref="HelpdeskOptions.TicketsCacheSeconds"/>) so a panel opened again does not ask again.
/// </summary>
public static class VisitorHelpdeskTickets
{
    private const int Limit = 10;

    public static IEndpointRouteBuilder MapVisitorHelpdeskTickets(this IEndpointRouteBuilder api)
    {
        api.MapGet("/visitors/{id}/helpdesk-tickets", HandleAsync).WithTags("Visitors").WithName("ListVisitorHelpdeskTickets")
            .WithSummary("The visitor's recent tickets in the configured helpdesk, by their email or phone; 'unavailable' says why when it could not be asked.");
        return api;
    }

    private static async Task<Results<Ok<HelpdeskTicketsView>, ProblemHttpResult>> HandleAsync(
        string id, ClaimsPrincipal user, Db db, IMemoryCache cache, IOptions<HelpdeskOptions> options, CancellationToken cancellationToken,
        [FromServices] IHelpdeskTickets? helpdesk = null)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var visitor = await connection.QuerySingleOrDefaultAsync<VisitorRow>(new CommandDefinition(
            "SELECT email, phone FROM visitors WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        if (visitor is null)
        {
            return ProblemDetailsBody.NotFound("visitor", id);
        }

        var access = await ChatAccess.ForAsync(user, connection, cancellationToken);
        if (!access.AllDepartments && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"SELECT EXISTS (SELECT 1 FROM chats c WHERE c.visitor_id = @id AND {Db.AnyOf(connection, "c.department_id", "departments")})",
            new { id, departments = access.DepartmentIds.ToArray() },
            cancellationToken: cancellationToken)))
        {
            return ProblemDetailsBody.Forbidden("This visitor has no chat in a department you are a member of.");
        }

        await connection.CloseAsync();
        var email = string.IsNullOrWhiteSpace(visitor.Email) ? null : visitor.Email.Trim();
        var phone = CustomerChats.PhoneKey(visitor.Phone);
        if (helpdesk is null || (email is null && phone is null))
        {
            return TypedResults.Ok(new HelpdeskTicketsView(helpdesk?.Provider, null, []));
        }

        var key = $"helpdesk-tickets\n{helpdesk.Provider}\n{email?.ToLowerInvariant()}\n{phone}";
        if (cache.TryGetValue(key, out HelpdeskTicketsView? cached) && cached is not null)
        {
            return TypedResults.Ok(cached);
        }

        var answer = await AskAsync(helpdesk, email, phone, options.Value.TicketsTimeoutSeconds, cancellationToken);
        var view = new HelpdeskTicketsView(
            helpdesk.Provider,
            answer.Unavailable,
            [.. (answer.Value ?? []).Select(t => new HelpdeskTicketView(t.Id, t.Subject, t.Status, t.UpdatedAt, t.Url))]);
        if (answer.Unavailable is null)
        {
            cache.Set(key, view, TimeSpan.FromSeconds(options.Value.TicketsCacheSeconds));
        }

        return TypedResults.Ok(view);
    }

    private static async Task<HelpdeskAnswer<IReadOnlyList<HelpdeskTicket>>> AskAsync(
        IHelpdeskTickets helpdesk, string? email, string? phone, int timeoutSeconds, CancellationToken cancellationToken)
    {
        using var slow = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        slow.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            return await helpdesk.RecentTicketsAsync(email, phone, Limit, slow.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HelpdeskAnswer<IReadOnlyList<HelpdeskTicket>>.Failed($"{helpdesk.Provider} did not answer within {timeoutSeconds} s.");
        }
    }

    private sealed record VisitorRow
    {
        public string? Email { get; init; }
        public string? Phone { get; init; }
    }
}
