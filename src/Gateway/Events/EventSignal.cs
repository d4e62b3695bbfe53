namespace LiveChat.Gateway.Events;

/// <summary>Wakes this node's <see cref="EventHub"/>: a commit here raised events, or another node said it did (NOTIFY).</summary>
public sealed class EventSignal : WakeSignal;
