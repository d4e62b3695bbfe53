namespace LiveChat.Gateway.Chats;

/// <summary>What the operator console needs beyond the chat actions: notes, requests, colleagues, read state, presence, search, files.</summary>
public static class WorkspaceRegistration
{
    public static IHostApplicationBuilder AddChatWorkspace(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<ReplyWindowClock>();
        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section)
            .Validate(o => o.MaxBytes is > 0 and <= 100 * 1024 * 1024, "Attachments:MaxBytes must be between 1 and 104857600.")
            .Validate(o => o.LinkLifetimeMinutes is >= 5 and <= 60 * 24 * 30, "Attachments:LinkLifetimeMinutes must be between 5 and 43200.")
            .Validate(o => o.ContentTypes.Count > 0 && o.ContentTypes.All(t => t.Contains('/', StringComparison.Ordinal)), "Attachments:ContentTypes must list media types such as image/png.")
            .ValidateOnStart();
        services.AddSingleton<ChatFiles>();
        services.AddSingleton<PresenceSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<PresenceSweeper>());
        return builder;
    }
}
