using LiveChat.Channels.DirectLine;

namespace LiveChat.Gateway.DirectLine;

public static class DirectLineRegistration
{
    /// <summary>The Direct Line channel (web widget) with its conversations and activity feed over the gateway's database.</summary>
    public static IHostApplicationBuilder AddDirectLine(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddDirectLineChannel();
        services.AddSingleton<DevelopmentDirectLineSecret>();
        services.AddSingleton<IOptions<DirectLineOptions>>(sp => sp.GetRequiredService<DevelopmentDirectLineSecret>());
        services.AddHostedService<DevelopmentDirectLineSecret.LoadOnStart>();
        services.AddSingleton<IDirectLineConversations, DirectLineConversationStore>();
        services.AddSingleton<IDirectLineActivities, DirectLineActivityFeed>();
        return builder;
    }
}
