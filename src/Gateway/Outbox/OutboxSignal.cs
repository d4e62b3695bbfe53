namespace LiveChat.Gateway.Outbox;

/// <summary>Wakes this node's outbox dispatcher after a commit; other nodes find the rows on their next sweep.</summary>
public sealed class OutboxSignal : WakeSignal;
