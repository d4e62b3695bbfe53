using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Chats;

namespace LiveChat.Gateway.Ingest;

public static class IngestRegistration
{
    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.AddSingleton<ChatOpener>();
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ChannelInbox>();
        services.AddSingleton<IChannelInbox, IngestQueue>();
        return services;
    }
}
