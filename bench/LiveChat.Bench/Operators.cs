using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace LiveChat.Bench;

/// <summary>The operator side of the public API, as the bench needs it to set scenarios up.</summary>
public sealed class Operators(HttpClient http, Uri gateway)
{
    public const string AdminEmail = "bench@example.test";
    public const string AdminPassword = "bench-password";

    private string? _adminToken;

    public async Task<string> TokenAsync(string email, string password)
    {
        using var response = await http.PostAsJsonAsync(new Uri(gateway, "/api/v1/auth/token"), new { email, password });
        await EnsureAsync(response, "sign in");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("accessToken").GetString()!;
    }

    public async Task<string> DefaultDepartmentAsync()
    {
        using var request = await AdminRequestAsync(HttpMethod.Get, "/api/v1/departments", null);
        using var response = await http.SendAsync(request);
        await EnsureAsync(response, "list departments");
        var departments = await response.Content.ReadFromJsonAsync<JsonElement>();
        return departments.EnumerateArray().First(d => d.GetProperty("isDefault").GetBoolean()).GetProperty("id").GetString()!;
    }

    /// <summary>Creates <paramref name="count"/> online agents of the department, ringer off; returns their bearer tokens.</summary>
    public async Task<IReadOnlyList<string>> CreateAgentsAsync(string prefix, int count, string departmentId, int capacity)
    {
        var tokens = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var email = $"{prefix}-{i}@bench.test";
            using (var request = await AdminRequestAsync(HttpMethod.Post, "/api/v1/operators", new
            {
                name = $"Agent {prefix} {i}",
                email,
                password = AdminPassword,
                role = "agent",
                departmentIds = new[] { departmentId },
                maxConcurrentChats = capacity,
            }))
            using (var response = await http.SendAsync(request, ct))
            {
                await EnsureAsync(response, "create an operator");
            }

            tokens[i] = await TokenAsync(email, AdminPassword);
            using var online = Authorized(HttpMethod.Put, "/api/v1/operators/me/status", tokens[i], new { status = "online", ringer = false });
            using var answer = await http.SendAsync(online, ct);
            await EnsureAsync(answer, "go online");
        });
        return tokens;
    }

    public async Task PickUpAsync(string token, string chatId)
    {
        using var request = Authorized(HttpMethod.Post, $"/api/v1/chats/{chatId}/pickup", token, null);
        using var response = await http.SendAsync(request);
        await EnsureAsync(response, $"pick up {chatId}");
    }

    public async Task EndAsync(string token, string chatId, int afterSeconds)
    {
        using var request = Authorized(HttpMethod.Post, $"/api/v1/chats/{chatId}/end", token, new { afterSeconds });
        using var response = await http.SendAsync(request);
        await EnsureAsync(response, $"end {chatId}");
    }

    public HttpRequestMessage Authorized(HttpMethod method, string path, string token, object? body)
    {
        var request = new HttpRequestMessage(method, new Uri(gateway, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private async Task<HttpRequestMessage> AdminRequestAsync(HttpMethod method, string path, object? body)
    {
        _adminToken ??= await TokenAsync(AdminEmail, AdminPassword);
        return Authorized(method, path, _adminToken, body);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
