using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Routing;

/// <summary>
/// GET/PUT /departments/{id}/routing: how a department's queue is served (admin), and
/// POST /chats/{id}/offer/decline: an operator passes on a chat offered to them, so it goes to the next.
/// </summary>
public static class DepartmentRouting
{
    public sealed record RoutingRequest(string Mode);

    public sealed record RoutingView(string DepartmentId, string Mode);

    public sealed class RoutingValidator : AbstractValidator<RoutingRequest>
    {
        public RoutingValidator() =>
            RuleFor(r => r.Mode).Must(m => m is "pickup" or "roundRobin" or "leastLoaded").WithMessage("'mode' must be one of pickup, roundRobin, leastLoaded.");
    }

    public static IEndpointRouteBuilder MapDepartmentRouting(this IEndpointRouteBuilder api)
    {
        api.MapGet("/departments/{id}/routing", GetAsync).WithTags("Departments").WithName("GetDepartmentRouting");
        api.MapPut("/departments/{id}/routing", SetAsync).Validate<RoutingRequest>().RequireAuthorization(Policies.Admin).WithTags("Departments")
            .WithName("SetDepartmentRouting").WithSummary("pickup (operators take chats from the queue), roundRobin or leastLoaded (the gateway offers chats).");
        api.MapPost("/chats/{id}/offer/decline", RouteDeclineOfferAsync).WithTags("Chats").WithName("DeclineOffer")
            .WithSummary("Pass on a chat offered to you; it is offered to the next operator.");
        return api;
    }

    private static async Task<Results<Ok<RoutingView>, ProblemHttpResult>> GetAsync(string id, Db db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var mode = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT assignment_mode FROM departments WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return mode is null ? ProblemDetailsBody.NotFound("department", id) : TypedResults.Ok(new RoutingView(id, mode));
    }

    private static async Task<Results<Ok<RoutingView>, ProblemHttpResult>> SetAsync(string id, RoutingRequest request, Db db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE departments SET assignment_mode = @Mode WHERE id = @id", new { id, request.Mode }, cancellationToken: cancellationToken));
        return updated == 0 ? ProblemDetailsBody.NotFound("department", id) : TypedResults.Ok(new RoutingView(id, request.Mode));
    }

    private static Task<Results<NoContent, ProblemHttpResult>> RouteDeclineOfferAsync(
        string id, ClaimsPrincipal user, Db db, TimeProvider time, CancellationToken cancellationToken) =>
        DeclineOfferAsync(id, CurrentOperator.From(user), db, time, cancellationToken).NoContentOrProblem();

    /// <summary>
    /// <paramref name="me"/> passes on the chat offered to them: the offer ends now, so the router offers it to the next
    /// operator on its next round. Refused when the chat is not (or no longer) offered to them.
    /// </summary>
    public static async Task<Refusal?> DeclineOfferAsync(string id, CurrentOperator me, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var department = await work.ScalarAsync<string>(
            $"UPDATE chats SET offer_expires_at = @now, updated_at = @now WHERE id = @id AND state = {Sql.Literal(ChatState.Queued)} AND offered_operator_id = @operatorId AND offer_expires_at > @now RETURNING department_id",
            new { id, operatorId = me.Id, now });
        if (department is null)
        {
            return Refusal.Conflict("This chat is not offered to you (any more).");
        }

        await ChatHistory.AddAsync(work, id, "offerDeclined", ParticipantKind.Operator, me.Id, null, now);
        work.Raise(new ChatOfferDeclined(id, me.Id, now), EventRoute.Operator(id, me.Id));
        await work.CommitAsync(cancellationToken);
        return null;
    }
}
