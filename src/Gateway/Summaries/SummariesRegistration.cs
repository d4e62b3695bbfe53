using LiveChat.Gateway.Chats;
using LiveChat.Summaries;

namespace LiveChat.Gateway.Summaries;

public static class SummariesRegistration
{
    /// <summary>The configured summariser (Summaries:Provider) plus the Gateway's use of it: on demand and queued jobs.</summary>
    public static IHostApplicationBuilder AddChatSummaries(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSummaries();
        services.AddSingleton<ChatSummaries>();
        services.AddSingleton<SummarySignal>();
        services.AddSingleton<SummaryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<SummaryWorker>());
        return builder;
    }
}
