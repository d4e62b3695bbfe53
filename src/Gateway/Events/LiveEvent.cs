namespace LiveChat.Gateway.Events;

/// <summary>
/// A stored event as the hub hands it to this node's subscribers: one instance shared by all of them, so its
/// SSE frame is built once however many streams carry it.
/// </summary>
public sealed class LiveEvent(StoredEvent stored)
{
    private byte[]? _frame;

    public StoredEvent Stored { get; } = stored;

    public byte[] Frame
    {
        get
        {
            // Streams woken together may both build it; one copy wins and the other is dropped. No lock on the hot path.
            if (_frame is null)
            {
                Interlocked.CompareExchange(ref _frame, SseFrame.Of(Stored), null);
            }

            return _frame;
        }
    }
}
