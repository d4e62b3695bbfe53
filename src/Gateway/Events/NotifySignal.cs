namespace LiveChat.Gateway.Events;

/// <summary>Asks this node's <see cref="PostgresNotifier"/> to tell the other nodes that a commit here raised events.</summary>
public sealed class NotifySignal : WakeSignal;
