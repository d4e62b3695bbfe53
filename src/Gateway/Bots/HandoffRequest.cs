using LiveChat.Channels.Activities;

namespace LiveChat.Gateway.Bots;

/// <summary>The value of handoff.initiate the gateway understands: a skill or department (by name or id).</summary>
public sealed record HandoffRequest
{
    public string? Skill { get; init; }

    public string? Department { get; init; }
}

/// <summary>A Transcript attachment's content.</summary>
public sealed record HandoffTranscript(IReadOnlyList<Activity>? Activities);
