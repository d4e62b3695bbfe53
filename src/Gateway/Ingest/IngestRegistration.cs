using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Chats;

namespace LiveChat.Gateway.Ingest;

public static class IngestRegistration
{
    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.AddSingleton<ChatOpener>();
        services.AddSingleton<IChannelInbox, ChannelInbox>();
        return services;
    }
}
