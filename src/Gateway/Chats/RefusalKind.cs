namespace LiveChat.Gateway.Chats;

/// <summary>Why an action is refused, in the terms of the rules; the edge turns it into a status once (<see cref="RefusalProblem"/>).</summary>
public enum RefusalKind
{
    NotFound,
    Forbidden,
    Conflict,
    Invalid,
}
