using System.ComponentModel.DataAnnotations;

namespace LiveChat.Gateway.Widgets;

/// <summary>Console widgets (section <c>Widgets</c>, docs/widgets.md): token lifetime and how card widgets are called.</summary>
public sealed record WidgetOptions
{
    public const string Section = "Widgets";

    /// <summary>How long a widget's token is valid (its exp).</summary>
    [Range(30, 3600)]
    public int TokenSeconds { get; init; } = 300;

    /// <summary>How long the gateway waits for a card widget's answer before showing it as unavailable.</summary>
    [Range(0.1, 30)]
    public double CardTimeoutSeconds { get; init; } = 3;

    /// <summary>The largest card answer read; a larger one is unavailable.</summary>
    [Range(1024, 1024 * 1024)]
    public int CardMaxBytes { get; init; } = 64 * 1024;

    /// <summary>How long a card's answer is reused for the same widget, chat and operator (a failure: a third of it).</summary>
    [Range(0, 3600)]
    public int CardCacheSeconds { get; init; } = 30;
}

public static class WidgetsRegistration
{
    public const string CardClient = "widget-cards";

    public static IHostApplicationBuilder AddWidgets(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WidgetOptions>().BindConfiguration(WidgetOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WidgetSigning>();
        services.AddSingleton<WidgetCards>();
        services.AddMemoryCache();
        // The card's own timeout and size cap apply (WidgetCards); no retries: an operator is waiting for the panel. The
        // client's own request logs are off: an expanded URL may carry a customer's email or phone.
        services.AddHttpClient(CardClient, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();
        return builder;
    }

    public static IEndpointRouteBuilder MapWidgets(this IEndpointRouteBuilder api)
    {
        api.MapAdminWidgets();
        api.MapChatWidgets();
        return api;
    }
}
