using LiveChat.Channels.Inbox;

namespace LiveChat.Channels.Meta;

/// <summary>The outcome of mapping a body: a batch, a body that is not JSON, or a notification for another product.</summary>
internal abstract record InboundMapping
{
    private InboundMapping()
    {
    }

    public sealed record Mapped(InboundBatch Batch, int Skipped) : InboundMapping;

    public sealed record InvalidJson : InboundMapping;

    public sealed record WrongObject(string? Object) : InboundMapping;
}
