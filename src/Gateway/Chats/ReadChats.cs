using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;

namespace LiveChat.Gateway.Chats;

/// <summary>The chats read API: lists by view, one chat, its transcript.</summary>
public static class ReadChats
{
    private static readonly Dictionary<string, string> s_views = new(StringComparer.Ordinal)
    {
        ["active"] = $"c.state {Sql.In(ChatState.Open)}",
        ["queued"] = $"c.state = {Sql.Literal(ChatState.Queued)}",
        ["recent"] = $"c.state {Sql.In(ChatState.Closed)}",
        ["missed"] = $"c.state = {Sql.Literal(ChatState.Missed)}",
        ["mine"] = $"EXISTS (SELECT 1 FROM chat_participants p WHERE p.chat_id = c.id AND p.kind = {Sql.Literal(ParticipantKind.Operator)} AND p.participant_id = @me)",
    };

    public static IEndpointRouteBuilder MapReadChats(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/chats").WithTags("Chats");
        group.MapGet("/", ListAsync).WithName("ListChats")
            .WithSummary("Chats by view: active, mine, queued, recent, missed; filtered by department, channel and tag; paged with limit (≤ 200) and offset.");
        group.MapGet("/{id}", GetAsync).WithName("GetChat");
        group.MapGet("/{id}/messages", MessagesAsync).WithName("GetChatMessages").WithSummary("The transcript, oldest first; `after` resumes after a message id, `before` pages backwards (the `limit` messages just before it), `latest=true` gives the newest `limit` messages.");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<ChatView>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user,
        Db db,
        ReplyWindowClock windows,
        CancellationToken cancellationToken,
        [FromQuery] string? view = "active",
        [FromQuery] string? departmentId = null,
        [FromQuery] string? channel = null,
        [FromQuery] string? tag = null,
        [FromQuery] int? limit = null,
        [FromQuery] int? offset = null)
    {
        view ??= "active";
        if (!s_views.TryGetValue(view, out var condition))
        {
            return ProblemDetailsBody.Invalid("view", "'view' must be one of active, mine, queued, recent, missed.");
        }

        if (limit is < 1 or > 200)
        {
            return ProblemDetailsBody.Invalid("limit", "'limit' must be between 1 and 200.");
        }

        if (offset is < 0 or > 100_000)
        {
            return ProblemDetailsBody.Invalid("offset", "'offset' must be between 0 and 100000.");
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        var access = await ChatAccess.ForAsync(user, connection, cancellationToken);
        var where = new List<string> { condition };
        if (!access.AllDepartments)
        {
            where.Add(Db.AnyOf(connection, "c.department_id", "departments"));
        }

        if (departmentId is not null)
        {
            where.Add("c.department_id = @departmentId");
        }

        if (channel is not null)
        {
            where.Add("c.channel = @channel");
        }

        if (tag is not null)
        {
            where.Add("EXISTS (SELECT 1 FROM chat_tags t WHERE t.chat_id = c.id AND t.tag = @tag)");
        }

        var order = view is "recent" or "missed" or "mine" ? "ORDER BY COALESCE(c.ended_at, c.started_at) DESC" : "ORDER BY c.started_at";
        var chats = await ChatReader.ReadAsync(
            connection,
            string.Join(" AND ", where),
            new { me = access.OperatorId, departments = access.DepartmentIds.ToArray(), departmentId, channel, tag, limit = limit ?? 50, offset = offset ?? 0 },
            $"{order}, c.id LIMIT @limit OFFSET @offset",
            windows,
            cancellationToken);
        return TypedResults.Ok(chats);
    }

    private static async Task<Results<Ok<ChatView>, ProblemHttpResult>> GetAsync(
        string id, ClaimsPrincipal user, Db db, ReplyWindowClock windows, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var (chat, problem) = await FindVisibleAsync(connection, id, user, windows, cancellationToken);
        return chat is null ? problem! : TypedResults.Ok(chat);
    }

    private static async Task<Results<Ok<IReadOnlyList<MessageView>>, ValidationProblem, ProblemHttpResult>> MessagesAsync(
        string id,
        ClaimsPrincipal user,
        Db db,
        ReplyWindowClock windows,
        CancellationToken cancellationToken,
        [FromQuery] string? after = null,
        [FromQuery] string? before = null,
        [FromQuery] int? limit = null,
        [FromQuery] bool latest = false)
    {
        if (after is not null && before is not null)
        {
            return ProblemDetailsBody.Invalid("before", "Page with 'after' or with 'before', not both.");
        }

        if (latest && (after is not null || before is not null))
        {
            return ProblemDetailsBody.Invalid("latest", "'latest' reads the newest page; it takes neither 'after' nor 'before'.");
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        var (chat, problem) = await FindVisibleAsync(connection, id, user, windows, cancellationToken);
        if (chat is null)
        {
            return problem!;
        }

        var (field, anchor) = before is not null ? ("before", before) : ("after", after);
        long? seq = null;
        if (anchor is not null)
        {
            seq = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT seq FROM messages WHERE id = @anchor AND chat_id = @id", new { anchor, id }, cancellationToken: cancellationToken));
            if (seq is null)
            {
                return ProblemDetailsBody.Invalid(field, $"'{field}' names no message of chat '{id}'.");
            }
        }

        // Backwards: the newest `limit` messages before the anchor (or of the whole chat: latest), read newest first and
        // handed back oldest first.
        var backwards = before is not null || latest;
        var sql = backwards
            ? $"SELECT {TranscriptMessage.Columns} FROM messages WHERE chat_id = @id AND seq < @seq AND activity_type = 'message' ORDER BY seq DESC LIMIT @limit"
            : $"SELECT {TranscriptMessage.Columns} FROM messages WHERE chat_id = @id AND seq > @seq AND activity_type = 'message' ORDER BY seq LIMIT @limit";
        var messages = (await connection.QueryAsync<TranscriptMessage>(new CommandDefinition(
            sql, new { id, seq = seq ?? (latest ? long.MaxValue : 0), limit = Math.Clamp(limit ?? 500, 1, 1000) }, cancellationToken: cancellationToken))).ToList();
        if (backwards)
        {
            messages.Reverse();
        }

        return TypedResults.Ok<IReadOnlyList<MessageView>>([.. messages.Select(m => m.ToView())]);
    }

    /// <summary>The chat, or the problem to answer: 404 when it does not exist, 403 when it is another department's.</summary>
    public static async Task<(ChatView? Chat, ProblemHttpResult? Problem)> FindVisibleAsync(
        DbConnection connection, string id, ClaimsPrincipal user, ReplyWindowClock windows, CancellationToken cancellationToken)
    {
        var found = await ChatReader.ReadAsync(connection, "c.id = @id", new { id }, string.Empty, windows, cancellationToken);
        if (found.Count == 0)
        {
            return (null, ProblemDetailsBody.NotFound("chat", id));
        }

        var access = await ChatAccess.ForAsync(user, connection, cancellationToken);
        return access.CanSee(found[0].DepartmentId)
            ? (found[0], null)
            : (null, ChatAccess.OtherDepartment());
    }
}
