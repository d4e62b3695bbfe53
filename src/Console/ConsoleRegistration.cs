using LiveChat.OperatorConsole.Api;
using LiveChat.OperatorConsole.State;
using MudBlazor;
using MudBlazor.Services;

namespace LiveChat.OperatorConsole;

public static class ConsoleRegistration
{
    /// <summary>The console's services: one API client on the page's own origin, the session, the stream and the store.</summary>
    public static IServiceCollection AddConsole(this IServiceCollection services, string baseAddress)
    {
        // The console is served at <gateway>/console/; the API is at <gateway>/api/v1.
        var gateway = new Uri(new Uri(baseAddress), "/");
        services.AddScoped(_ => new HttpClient { BaseAddress = gateway });
        services.AddScoped<Browser>();
        services.AddScoped<Session>();
        services.AddScoped<ConsoleApi>();
        services.AddScoped<EventStreamReader>();
        services.AddScoped<ConsoleStore>();
        // Messages to the operator appear bottom left, away from the visitor panel and the incoming-chat popups.
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomLeft;
            o.SnackbarConfiguration.VisibleStateDuration = 5000;
            o.SnackbarConfiguration.MaxDisplayedSnackbars = 3;
        });
        return services;
    }
}
