namespace LiveChat.Gateway.Chats;

/// <summary>What the operator console needs beyond the chat actions: notes, requests, colleagues, read state, presence, search.</summary>
public static class WorkspaceRegistration
{
    public static IServiceCollection AddChatWorkspace(this IServiceCollection services)
    {
        services.AddScoped<ReplyWindowClock>();
        services.AddSingleton<PresenceSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<PresenceSweeper>());
        return services;
    }

    public static IEndpointRouteBuilder MapChatWorkspace(this IEndpointRouteBuilder api)
    {
        api.MapAddNote();
        api.MapListChatRequests();
        api.MapListColleagues();
        api.MapReadState();
        api.MapChatPresence();
        api.MapSearchChats();
        return api;
    }
}
