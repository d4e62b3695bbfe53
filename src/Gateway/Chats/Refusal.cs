namespace LiveChat.Gateway.Chats;

/// <summary>
/// A refused action: its kind and a detail a person can act on (<paramref name="Title"/> only where the kind's own does not
/// say enough; <paramref name="Field"/> when one field of the request holds a value the rules reject).
/// </summary>
public sealed record Refusal(RefusalKind Kind, string Detail, string? Title = null, string? Field = null)
{
    public static Refusal NotFound(string what, string id) => new(RefusalKind.NotFound, $"There is no {what} '{id}'.");

    public static Refusal Forbidden(string detail) => new(RefusalKind.Forbidden, detail);

    public static Refusal Conflict(string detail) => new(RefusalKind.Conflict, detail);

    public static Refusal Invalid(string detail) => new(RefusalKind.Invalid, detail);

    public static Refusal InvalidField(string field, string detail) => new(RefusalKind.Invalid, detail, Field: field);
}
