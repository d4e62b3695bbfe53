using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Chats;

namespace LiveChat.Gateway.Ingest;

public static class IngestRegistration
{
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ChatOpener>();
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ChannelInbox>();
        services.AddSingleton<IChannelInbox, IngestQueue>();
        return builder;
    }
}
