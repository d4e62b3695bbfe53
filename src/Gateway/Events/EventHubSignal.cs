namespace LiveChat.Gateway.Events;

/// <summary>
/// Wakes this node's <see cref="EventHub"/> after a commit appended events. The log wakes the hub through it and the hub
/// reads the log, so neither holds the other.
/// </summary>
public sealed class EventHubSignal : WakeSignal;
