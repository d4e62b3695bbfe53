using LiveChat.Channels.Activities;

namespace LiveChat.Channels.DirectLine;

/// <summary>
/// What the visitor sees of a conversation: the visitor's own activities (the echo) and every reply sent to
/// them, in a total order that never changes, resumable by an opaque watermark. The Gateway implements it.
/// </summary>
public interface IDirectLineActivities
{
    /// <summary>
    /// Up to <paramref name="limit"/> activities after <paramref name="watermark"/> (null or empty: from the
    /// beginning), each with a stable unique id, and the watermark to resume from. An activity committed after
    /// this read is never ordered before the returned watermark.
    /// </summary>
    Task<ActivitySet> ReadAsync(string conversationId, string? watermark, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Starts watching for new activities. Create it before the read it guards: anything committed after
    /// this call wakes <see cref="IDirectLineWatch.WaitAsync"/>.
    /// </summary>
    IDirectLineWatch Watch(string conversationId);
}
