using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Bots;

/// <summary>
/// The bot that handed a chat over hears how it went, in the transaction that decided it: accepted when an operator
/// takes the chat, failed when it is missed, completed (or failed, if nobody took it) when it ends. The chat core raises
/// the events and knows nothing of bots.
/// </summary>
public sealed class BotHandoffHooks : IRaisedEventHandler
{
    public Task HandleAsync(UnitOfWork work, GatewayEvent raised) => raised switch
    {
        ChatAssigned assigned => BotHandoff.OnAssignedAsync(work, assigned.ChatId, assigned.At),
        ChatMissed missed => BotHandoff.OnMissedAsync(work, missed.ChatId, missed.Reason, missed.MissedAt),
        ChatEnded ended => BotHandoff.OnEndedAsync(work, ended.ChatId, ended.EndedAt),
        _ => Task.CompletedTask,
    };
}
