namespace LiveChat.Gateway.Chats;

/// <summary>The one place a refusal becomes HTTP: its kind picks the status and title of the ProblemDetails.</summary>
public static class RefusalProblem
{
    public static ProblemHttpResult ToProblem(this Refusal refusal)
    {
        var (status, title) = refusal.Kind switch
        {
            RefusalKind.NotFound => (404, "Not Found"),
            RefusalKind.Forbidden => (403, "Forbidden"),
            RefusalKind.Conflict => (409, "Conflict"),
            RefusalKind.Invalid => (422, "Unprocessable Entity"),
            _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.Kind, null),
        };
        return TypedResults.Problem(statusCode: status, title: refusal.Title ?? title, detail: refusal.Detail);
    }

    public static async Task<Results<Ok<T>, ProblemHttpResult>> OkOrProblem<T>(this Task<(T? Value, Refusal? Refusal)> outcome)
        where T : class
    {
        var (value, refusal) = await outcome;
        return refusal is null ? TypedResults.Ok(value!) : refusal.ToProblem();
    }

    public static async Task<Results<Accepted<T>, ProblemHttpResult>> AcceptedOrProblem<T>(this Task<(T? Value, Refusal? Refusal)> outcome, string location)
        where T : class
    {
        var (value, refusal) = await outcome;
        return refusal is null ? TypedResults.Accepted(location, value!) : refusal.ToProblem();
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> AcceptedOrProblem(this Task<Refusal?> outcome, string location) =>
        await outcome is { } refusal ? refusal.ToProblem() : TypedResults.Accepted(location);

    public static async Task<Results<Created<T>, ProblemHttpResult>> CreatedOrProblem<T>(this Task<(T? Value, Refusal? Refusal)> outcome, string location)
        where T : class
    {
        var (value, refusal) = await outcome;
        return refusal is null ? TypedResults.Created(location, value!) : refusal.ToProblem();
    }

    /// <summary>As <see cref="OkOrProblem{T}"/>, but a refusal of one field's value answers as the request validators do (400 naming the field).</summary>
    public static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> OkOrInvalid<T>(this Task<(T? Value, Refusal? Refusal)> outcome)
        where T : class
    {
        var (value, refusal) = await outcome;
        return refusal switch
        {
            null => TypedResults.Ok(value!),
            { Kind: RefusalKind.Invalid, Field: { } field } => ProblemDetailsBody.Invalid(field, refusal.Detail),
            _ => refusal.ToProblem(),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> NoContentOrProblem(this Task<Refusal?> outcome) =>
        await outcome is { } refusal ? refusal.ToProblem() : TypedResults.NoContent();

    /// <summary>The route's answer to an action on a chat: the chat as it is after commit, or the refusal.</summary>
    public static async Task<Results<Ok<ChatView>, ProblemHttpResult>> ViewOrProblemAsync(
        this Task<Refusal?> outcome, Db db, ReplyWindowClock windows, string chatId, CancellationToken cancellationToken) =>
        await outcome is { } refusal ? refusal.ToProblem() : TypedResults.Ok(await ChatReader.ViewAsync(db, windows, chatId, cancellationToken));
}
