using LiveChat.Channels.BotConnector;

namespace LiveChat.Gateway.Bots;

public static class BotsRegistration
{
    /// <summary>Bots:{Name} options, the Connector API's store, the RS256 keys for bots, the bot delivery queue and its worker, and the hooks that tell a bot how its handoff went.</summary>
    public static IHostApplicationBuilder AddBots(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddBotConnector();
        services.AddOptions<BotDeliveryOptions>().BindConfiguration(BotDeliveryOptions.Section).ValidateOnStart();
        services.AddSingleton<BotDeliveries>();
        services.AddSingleton<IRaisedEventHandler, BotHandoffHooks>();
        services.AddSingleton<BotSigningKeyStore>();
        services.AddSingleton<IBotSigningKeys>(sp => sp.GetRequiredService<BotSigningKeyStore>());
        services.AddSingleton<IBotConversations, BotConversationStore>();
        services.AddHttpClient(BotDeliveryWorker.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<BotDeliveryWorker>();
        return builder;
    }
}
