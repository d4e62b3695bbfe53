using LiveChat.Gateway.Chats;

namespace LiveChat.Gateway.Routing;

/// <summary>
/// Runs the chat timers' sweep (<see cref="ChatSweeper"/>) every <c>Routing:SweepIntervalMilliseconds</c> on every node.
/// No leader and no scheduler: each chat is claimed with FOR UPDATE SKIP LOCKED and changed by a conditional UPDATE, so
/// nodes sweeping at once share the due chats and change each once (SQLite is one node). The interval runs on the wall
/// clock; what is due is decided with the injected TimeProvider.
/// </summary>
public sealed partial class ChatTimerLoop(ChatSweeper sweeper, IOptions<RoutingOptions> options, ILogger<ChatTimerLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.SweepIntervalMilliseconds), TimeProvider.System);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
                await sweeper.SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogSweepFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The chat timers' sweep failed; the next one runs at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
