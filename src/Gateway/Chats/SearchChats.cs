using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// GET /chats/search?q=: the chats I may see whose visitor (name, email, phone) or messages contain the text, newest first,
/// with the newest matching message cut around the match. Case-insensitive (ILIKE on PostgreSQL; LIKE on SQLite, which
/// folds ASCII only). The scan is bounded to the most recent chats I may see, so a search never reads the whole history.
/// </summary>
public static class SearchChats
{
    public const int MinLength = 2;
    public const int MaxLength = 100;

    /// <summary>How many of the most recent visible chats a search looks through.</summary>
    public const int ScanLimit = 5000;

    /// <summary>Characters of context kept on each side of the match in a snippet.</summary>
    public const int SnippetContext = 60;

    public static IEndpointRouteBuilder MapSearchChats(this IEndpointRouteBuilder api)
    {
        api.MapGet("/chats/search", HandleAsync).WithTags("Chats").WithName("SearchChats")
            .WithSummary("Chats I may see whose visitor name, email, phone or message text contains `q` (2 to 100 characters), newest first, with a snippet.");
        return api;
    }

    /// <summary>
    /// <paramref name="text"/> cut to about <paramref name="context"/> characters either side of the first match of
    /// <paramref name="query"/>, on text-element boundaries (a surrogate pair or a combined character is never split),
    /// with an ellipsis where it was cut.
    /// </summary>
    public static string Snippet(string text, string query, int context = SnippetContext)
    {
        var at = Math.Max(0, text.IndexOf(query, StringComparison.OrdinalIgnoreCase));
        var from = Math.Max(0, at - context);
        var to = Math.Min(text.Length, at + query.Length + context);
        var boundaries = StringInfo.ParseCombiningCharacters(text);
        var start = boundaries.LastOrDefault(b => b <= from);
        var end = to >= text.Length ? text.Length : boundaries.FirstOrDefault(b => b >= to, text.Length);
        return $"{(start > 0 ? "…" : string.Empty)}{text[start..end]}{(end < text.Length ? "…" : string.Empty)}";
    }

    private static async Task<Results<Ok<IReadOnlyList<ChatSearchHit>>, ValidationProblem>> HandleAsync(
        ClaimsPrincipal user, Db db, ReplyWindowClock windows, CancellationToken cancellationToken, [FromQuery] string? q = null, [FromQuery] int? limit = null)
    {
        q = q?.Trim();
        if (q is null || q.Length is < MinLength or > MaxLength)
        {
            return ProblemDetailsBody.Invalid("q", $"'q' must be {MinLength} to {MaxLength} characters long.");
        }

        if (limit is < 1 or > 50)
        {
            return ProblemDetailsBody.Invalid("limit", "'limit' must be between 1 and 50.");
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        var access = await ChatAccess.ForAsync(user, connection, cancellationToken);
        var visible = access.AllDepartments ? "1 = 1" : Db.AnyOf(connection, "department_id", "departments");
        var like = $"{db.ILike} @pattern ESCAPE '\\'";
        var matches = (await connection.QueryAsync<(string Id, string? Text)>(new CommandDefinition(
            $"""
            SELECT s.id, s.text FROM (
                SELECT c.id, c.started_at, v.name, v.email, v.phone,
                       (SELECT m.text FROM messages m WHERE m.chat_id = c.id AND m.activity_type = 'message' AND m.text {like}
                        ORDER BY m.seq DESC LIMIT 1) AS text
                FROM (SELECT id, visitor_id, started_at FROM chats WHERE {visible} ORDER BY started_at DESC LIMIT @scan) c
                JOIN visitors v ON v.id = c.visitor_id
            ) s
            WHERE s.text IS NOT NULL OR s.name {like} OR s.email {like} OR s.phone {like}
            ORDER BY s.started_at DESC, s.id DESC
            LIMIT @limit
            """,
            new { pattern = $"%{EscapeLike(q)}%", departments = access.DepartmentIds.ToArray(), scan = ScanLimit, limit = limit ?? 20 },
            cancellationToken: cancellationToken))).ToList();
        if (matches.Count == 0)
        {
            return TypedResults.Ok<IReadOnlyList<ChatSearchHit>>([]);
        }

        var ids = matches.Select(m => m.Id).ToArray();
        var chats = (await ChatReader.ReadAsync(connection, Db.AnyOf(connection, "c.id", "ids"), new { ids }, string.Empty, windows, cancellationToken))
            .ToDictionary(c => c.Id, StringComparer.Ordinal);
        return TypedResults.Ok<IReadOnlyList<ChatSearchHit>>([.. matches
            .Where(m => chats.ContainsKey(m.Id))
            .Select(m => new ChatSearchHit(chats[m.Id], m.Text is null ? null : Snippet(m.Text, q)))]);
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
