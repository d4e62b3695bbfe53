using LiveChat.Contracts;

namespace LiveChat.OperatorConsole.Api;

/// <summary>The admin settings' calls: departments, operators, canned messages and categories, tickets, the configuration overview.</summary>
public sealed partial class ConsoleApi
{
    public Task<ConfigurationOverview> AdminOverviewAsync() => GetAsync<ConfigurationOverview>("api/v1/admin/overview");

    public Task<DepartmentView> CreateDepartmentAsync(DepartmentRequest request) => SendAsync<DepartmentView>(HttpMethod.Post, "api/v1/departments", request);

    public Task<DepartmentView> UpdateDepartmentAsync(string id, DepartmentRequest request) =>
        SendAsync<DepartmentView>(HttpMethod.Put, $"api/v1/departments/{Esc(id)}", request);

    public Task<List<HelpdeskInstallationView>> HelpdeskInstallationsAsync() => GetAsync<List<HelpdeskInstallationView>>("api/v1/helpdesk/installations");

    public Task<HelpdeskInstallationKey> CreateHelpdeskInstallationAsync(HelpdeskInstallationCreate request) =>
        SendAsync<HelpdeskInstallationKey>(HttpMethod.Post, "api/v1/helpdesk/installations", request);

    public Task<HelpdeskInstallationView> UpdateHelpdeskInstallationAsync(string id, HelpdeskInstallationUpdate request) =>
        SendAsync<HelpdeskInstallationView>(HttpMethod.Put, $"api/v1/helpdesk/installations/{Esc(id)}", request);

    public Task<HelpdeskInstallationKey> ReplaceHelpdeskInstallationKeyAsync(string id) =>
        SendAsync<HelpdeskInstallationKey>(HttpMethod.Post, $"api/v1/helpdesk/installations/{Esc(id)}/key", new { });

    public Task<DepartmentRoutingView> DepartmentRoutingAsync(string id) => GetAsync<DepartmentRoutingView>($"api/v1/departments/{Esc(id)}/routing");

    public Task<DepartmentRoutingView> SetDepartmentRoutingAsync(string id, string mode) =>
        SendAsync<DepartmentRoutingView>(HttpMethod.Put, $"api/v1/departments/{Esc(id)}/routing", new DepartmentRoutingRequest(mode));

    public Task<OperatorView> CreateOperatorAsync(OperatorRequest request) => SendAsync<OperatorView>(HttpMethod.Post, "api/v1/operators", request);

    public Task<OperatorView> UpdateOperatorAsync(string id, OperatorRequest request) =>
        SendAsync<OperatorView>(HttpMethod.Put, $"api/v1/operators/{Esc(id)}", request);

    public Task<List<CannedView>> CannedMessagesAsync(string? departmentId) =>
        GetAsync<List<CannedView>>($"api/v1/canned-messages{(departmentId is null ? "" : $"?departmentId={Esc(departmentId)}")}");

    public Task<CannedView> SaveCannedMessageAsync(string? id, CannedRequest request) => id is null
        ? SendAsync<CannedView>(HttpMethod.Post, "api/v1/canned-messages", request)
        : SendAsync<CannedView>(HttpMethod.Put, $"api/v1/canned-messages/{Esc(id)}", request);

    public Task DeleteCannedMessageAsync(string id) => DeleteAsync($"api/v1/canned-messages/{Esc(id)}");

    public Task<List<CategoryView>> CannedCategoriesAsync(string? departmentId) =>
        GetAsync<List<CategoryView>>($"api/v1/canned-categories{(departmentId is null ? "" : $"?departmentId={Esc(departmentId)}")}");

    public Task<CategoryView> SaveCannedCategoryAsync(string? id, CategoryRequest request) => id is null
        ? SendAsync<CategoryView>(HttpMethod.Post, "api/v1/canned-categories", request)
        : SendAsync<CategoryView>(HttpMethod.Put, $"api/v1/canned-categories/{Esc(id)}", request);

    public Task DeleteCannedCategoryAsync(string id) => DeleteAsync($"api/v1/canned-categories/{Esc(id)}");

    public Task<List<TicketRequestView>> TicketsAsync(string? state) =>
        GetAsync<List<TicketRequestView>>($"api/v1/tickets?limit=200{(state is null ? "" : $"&state={Esc(state)}")}");

    public Task<TicketRequestView> RetryTicketAsync(string id) => SendAsync<TicketRequestView>(HttpMethod.Post, $"api/v1/tickets/{Esc(id)}/retry", new { });

    private async Task DeleteAsync(string url)
    {
        using var request = Request(HttpMethod.Delete, url);
        using var response = await SendRawAsync(request, CancellationToken.None);
        if (!response.IsSuccessStatusCode)
        {
            throw await ApiProblem.FromAsync(response, CancellationToken.None);
        }
    }
}
