namespace LiveChat.Gateway.Events;

/// <summary>
/// An event about to be written: who may see it is decided by its operator, else its audience, else its chat's
/// department (supervisors and admins see everything).
/// </summary>
public sealed record NewEvent(string Type, string? ChatId, string? DepartmentId, string? OperatorId, object Data)
{
    /// <summary>
    /// The operators it is for, when that is several (an incoming-chat alert rings these): one row fanned out in
    /// memory instead of one row per operator.
    /// </summary>
    public IReadOnlyCollection<string>? Audience { get; init; }

    /// <summary><see cref="Audience"/> as stored: space-separated.</summary>
    internal string? AudienceText => Audience is null ? null : string.Join(' ', Audience);
}
