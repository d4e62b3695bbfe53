namespace LiveChat.Gateway.Storage;

/// <summary>
/// Who may see an event: its operator, else its audience, else its chat's department (supervisors and admins see
/// everything). Null throughout: every operator.
/// </summary>
public sealed record EventRoute(string? ChatId, string? DepartmentId, string? OperatorId)
{
    public static EventRoute Everyone { get; } = new(null, null, null);

    /// <summary>
    /// The operators it is for, when that is several (an incoming-chat alert rings these): one row fanned out in
    /// memory instead of one row per operator.
    /// </summary>
    public IReadOnlyCollection<string>? Audience { get; init; }

    /// <summary><see cref="Audience"/> as stored: space-separated.</summary>
    public string? AudienceText => Audience is null ? null : string.Join(' ', Audience);

    /// <summary>The operators of the chat's department (and the chat's participants).</summary>
    public static EventRoute Chat(string? chatId, string? departmentId) => new(chatId, departmentId, null);

    /// <summary>One operator only.</summary>
    public static EventRoute Operator(string? chatId, string operatorId) => new(chatId, null, operatorId);
}
