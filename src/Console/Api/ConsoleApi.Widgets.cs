using LiveChat.Contracts;

namespace LiveChat.OperatorConsole.Api;

/// <summary>Console widgets: a chat's widgets for the right panel, and the admin's list, create, update, new secret, delete.</summary>
public sealed partial class ConsoleApi
{
    /// <param name="content">False lists the widgets without minting tokens or calling cards (is there an Apps tab at all?).</param>
    public Task<List<ChatWidget>> ChatWidgetsAsync(string chatId, bool content = true) =>
        GetAsync<List<ChatWidget>>($"api/v1/chats/{Esc(chatId)}/widgets{(content ? "" : "?content=false")}");

    public Task<List<WidgetView>> WidgetsAsync() => GetAsync<List<WidgetView>>("api/v1/widgets");

    public Task<WidgetSecretView> CreateWidgetAsync(WidgetRequest request) => SendAsync<WidgetSecretView>(HttpMethod.Post, "api/v1/widgets", request);

    public Task<WidgetView> UpdateWidgetAsync(string id, WidgetRequest request) => SendAsync<WidgetView>(HttpMethod.Put, $"api/v1/widgets/{Esc(id)}", request);

    public Task<WidgetSecretView> ReplaceWidgetSecretAsync(string id) => SendAsync<WidgetSecretView>(HttpMethod.Post, $"api/v1/widgets/{Esc(id)}/secret", new { });

    public Task DeleteWidgetAsync(string id) => DeleteAsync($"api/v1/widgets/{Esc(id)}");
}
