using LiveChat.Channels.Activities;

namespace LiveChat.Channels.Inbox;

/// <summary>
/// Where channel adapters hand what they received. The Gateway implements it: one call is one
/// transaction, and a call that returns has committed everything in the batch (DESIGN.md §3).
/// Redelivered items (same channel and external id) are absorbed, not errors.
/// </summary>
public interface IChannelInbox
{
    Task<InboxResult> IngestAsync(InboundBatch batch, CancellationToken cancellationToken);
}

/// <summary>Everything one inbound request carried, in the order it arrived.</summary>
public sealed record InboundBatch(IReadOnlyList<InboundItem> Items, IReadOnlyList<DeliveryUpdate> Deliveries)
{
    /// <summary>
    /// "The customer has read everything sent up to this time" (Messenger/Instagram watermarks, which name no
    /// message id). The Gateway marks the conversation's outbound messages sent at or before it as read.
    /// </summary>
    public IReadOnlyList<ReadReceipt> ReadReceipts { get; init; } = [];

    public static InboundBatch Of(params InboundItem[] items) => new(items, []);
}

/// <summary>
/// One activity from a channel. <see cref="ExternalId"/> is the channel's own id (wamid, mid,
/// Direct Line client activity id) and the dedupe key; <see cref="ConversationKey"/> identifies the
/// customer's thread on that channel (wa_id, PSID, IGSID, Direct Line conversation id).
/// </summary>
public sealed record InboundItem(
    string Channel,
    string ExternalId,
    string ConversationKey,
    Activity Activity,
    VisitorProfile Visitor,
    InboundDirection Direction = InboundDirection.FromCustomer);

/// <summary>Event activities from a customer's client that the gateway acts on; other events are not stored.</summary>
public static class CustomerEvents
{
    /// <summary>The customer asks for a human (the widget's "Talk to a human" button): a bot's chat is queued for operators.</summary>
    public const string HandoffRequest = "handoff.request";
}

public enum InboundDirection
{
    /// <summary>Written by the customer: stored, routed, may open a chat.</summary>
    FromCustomer,
    /// <summary>Sent by the business from outside the gateway (a Meta echo): stored as outbound, never routed.</summary>
    EchoFromBusiness,
}

/// <summary>What the channel tells about the customer. Empty fields mean "not known", never "cleared".</summary>
public sealed record VisitorProfile
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Page { get; init; }
    public string? PageTitle { get; init; }
    public string? Referrer { get; init; }
    public string? Language { get; init; }
    public string? Country { get; init; }
    public string? Browser { get; init; }
    public string? Os { get; init; }
    public string? DepartmentId { get; init; }
    public string? Question { get; init; }

    public static VisitorProfile Unknown { get; } = new();
}

/// <summary>A channel's report on a message the gateway sent (sent, delivered, read, failed).</summary>
public sealed record DeliveryUpdate(
    string Channel,
    string ExternalId,
    DeliveryState State,
    DateTimeOffset At,
    string? ErrorCode = null,
    string? ErrorMessage = null);

/// <summary>The customer on <see cref="ConversationKey"/> read every message sent to them up to <see cref="UpTo"/>.</summary>
public sealed record ReadReceipt(string Channel, string ConversationKey, DateTimeOffset UpTo);

/// <summary>Outbound message states; they only move forward (failed is final).</summary>
public enum DeliveryState
{
    Pending = 0,
    Sent = 1,
    Delivered = 2,
    Read = 3,
    Failed = 4,
}

public sealed record InboxResult(int Stored, int Duplicates);
