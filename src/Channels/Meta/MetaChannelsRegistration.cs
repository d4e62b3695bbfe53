using LiveChat.Channels.Instagram;
using LiveChat.Channels.Messenger;
using LiveChat.Channels.Outbox;
using LiveChat.Channels.WhatsApp;
using LiveChat.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.Meta;

public static class MetaChannelsRegistration
{
    /// <summary>
    /// Options for Channels:WhatsApp, Channels:Messenger and Channels:Instagram (validated on start), the
    /// webhook mappers, <see cref="WhatsAppMediaClient"/>, and one <see cref="IChannelSender"/> per enabled
    /// channel, enabled as the builder's configuration says. Needs <c>IChannelInbox</c> and <see cref="TimeProvider"/> from the host.
    /// </summary>
    public static IHostApplicationBuilder AddMetaChannels(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMetaChannels(builder.Configuration);
        return builder;
    }

    /// <summary>As <see cref="AddMetaChannels(IHostApplicationBuilder)"/>, deciding which channels are enabled from <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddMetaChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<SendThrottle>();
        var withSender = new HashSet<string>(StringComparer.Ordinal);
        services.AddSingleton(new MetaSenderRegistrations(withSender));
        AddChannel<WhatsAppOptions>(services, WhatsAppOptions.SectionName);
        AddChannel<MessengerOptions>(services, MessengerOptions.SectionName);
        AddChannel<InstagramOptions>(services, InstagramOptions.SectionName);

        services.AddKeyedSingleton<IMetaInboundMapper>(WhatsAppChannel.Name, (sp, _) =>
            new WhatsAppInboundMapper(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WhatsAppInboundMapper>>()));
        services.AddKeyedSingleton<IMetaInboundMapper>(MessengerChannel.Name, (sp, _) => Messaging(sp, MessengerChannel.Name, "Messenger", "page"));
        services.AddKeyedSingleton<IMetaInboundMapper>(InstagramChannel.Name, (sp, _) => Messaging(sp, InstagramChannel.Name, "Instagram", "instagram"));

        services.AddHttpClient<WhatsAppMediaClient>(Configure<WhatsAppOptions>).AddLiveChatResilience(GraphSend.Resilience);

        if (IsEnabled(configuration, WhatsAppOptions.SectionName, nameof(WhatsAppOptions.AccessToken)))
        {
            services.AddApi<IWhatsAppSendApi>(WhatsAppJson.Default, GraphBaseUrl<WhatsAppOptions>, GraphSend.Resilience);
            services.AddTransient<IChannelSender, WhatsAppSender>();
            withSender.Add(WhatsAppOptions.SectionName);
        }

        if (IsEnabled(configuration, MessengerOptions.SectionName, nameof(MessengerOptions.PageAccessToken)))
        {
            services.AddApi<IMessengerSendApi>(MetaJson.Default, GraphBaseUrl<MessengerOptions>, GraphSend.Resilience);
            services.AddTransient<IChannelSender, MessengerSender>();
            withSender.Add(MessengerOptions.SectionName);
        }

        if (IsEnabled(configuration, InstagramOptions.SectionName, nameof(InstagramOptions.AccessToken)))
        {
            services.AddApi<IInstagramSendApi>(MetaJson.Default, GraphBaseUrl<InstagramOptions>, GraphSend.Resilience);
            services.AddTransient<IChannelSender, InstagramSender>();
            withSender.Add(InstagramOptions.SectionName);
        }

        return services;
    }

    /// <summary>The same rule as <see cref="MetaChannelOptions.Enabled"/>, read before the options exist.</summary>
    internal static bool IsEnabled(IConfiguration configuration, string section, string tokenKey)
    {
        var values = configuration.GetSection(section);
        return new[] { nameof(MetaChannelOptions.AppSecret), nameof(MetaChannelOptions.VerifyToken), tokenKey }
            .Any(key => !string.IsNullOrWhiteSpace(values[key]));
    }

    private static void AddChannel<TOptions>(IServiceCollection services, string section)
        where TOptions : MetaChannelOptions
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, MetaOptionsValidator<TOptions>>();
    }

    private static MessagingInboundMapper Messaging(IServiceProvider services, string channel, string display, string expectedObject) =>
        new(channel, display, expectedObject, services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger($"LiveChat.Channels.{display}"));

    private static void Configure<TOptions>(IServiceProvider services, HttpClient client)
        where TOptions : MetaChannelOptions
    {
        var settings = services.GetRequiredService<IOptions<TOptions>>().Value;
        if (Uri.TryCreate(settings.GraphBaseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri))
        {
            client.BaseAddress = baseUri;
        }
    }

    private static string GraphBaseUrl<TOptions>(IServiceProvider services)
        where TOptions : MetaChannelOptions =>
        services.GetRequiredService<IOptions<TOptions>>().Value.GraphBaseUrl;
}
