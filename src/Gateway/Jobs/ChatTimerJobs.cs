using LiveChat.Gateway.Routing;
using Quartz;

namespace LiveChat.Gateway.Jobs;

/// <summary>Ends chats whose end countdown ran out, and expires unanswered transfers, invitations and offers.</summary>
[DisallowConcurrentExecution]
public sealed class ChatTimersJob(ChatSweeper sweeper) : IJob
{
    public const string Name = "chat-timers";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sweeper.SweepAsync(cancellationToken);
}
