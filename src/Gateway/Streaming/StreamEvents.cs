using System.Globalization;
using System.Security.Claims;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Streaming;

/// <summary>
/// The operator's Server-Sent Events stream. A reconnect with Last-Event-ID first replays what was
/// missed from the log, then continues live, so an incoming-chat alert survives a flaky connection.
/// </summary>
public static class StreamEvents
{
    public static IEndpointRouteBuilder MapEventStream(this IEndpointRouteBuilder api)
    {
        api.MapGet("/events", HandleAsync)
            .WithTags("Events")
            .WithName("StreamEvents")
            .WithSummary("The operator's event stream (text/event-stream). Send Last-Event-ID to replay what was missed.");
        return api;
    }

    private static async Task<Results<EventStreamResult, ValidationProblem>> HandleAsync(
        HttpContext context, ClaimsPrincipal user, Db db, EventHub hub, EventLog log, OperatorAccess operators, TimeProvider time, IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken)
    {
        string? raw = context.Request.Headers["Last-Event-ID"];
        raw ??= context.Request.Query["lastEventId"];
        long? lastEventId = null;
        if (!string.IsNullOrEmpty(raw))
        {
            if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Last-Event-ID"] = ["Last-Event-ID must be an event id (a non-negative integer)."] });
            }

            lastEventId = parsed;
        }

        ChatAccess access;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            access = await ChatAccess.ForAsync(user, connection, cancellationToken);
        }

        Func<StoredEvent, bool> filter = e => IsFor(access, e);
        // The stream's audience was decided from the operator's role and departments now: a change ends it, and the reconnect is decided anew.
        var stopping = operators.WhileUnchanged(user.OperatorId(), user.OperatorRole(), lifetime.ApplicationStopping, context.RequestAborted);
        return new EventStreamResult(hub.Subscribe(filter), filter, lastEventId, log, time, stopping);
    }

    /// <summary>
    /// Who sees an event: supervisors and admins everything; events for one operator, or for an audience of operators,
    /// go to them; department events to its members; the rest to all.
    /// </summary>
    public static bool IsFor(ChatAccess access, StoredEvent e) =>
        access.AllDepartments
        || (e.OperatorId is not null ? e.OperatorId == access.OperatorId
            : e.AudienceIds is { } audience ? audience.Contains(access.OperatorId)
            : e.DepartmentId is null || access.DepartmentIds.Contains(e.DepartmentId));
}
