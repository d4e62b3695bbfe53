using Microsoft.Data.Sqlite;

namespace LiveChat.Gateway.Tests.Admin;

/// <summary>The admin settings' writes on the embedded database: the default moves between departments, a disabled operator goes offline.</summary>
public sealed class SqliteAdminTests
{
    [Fact]
    public async Task TheDefaultDepartmentMovesAndADisabledOperatorGoesOfflineOnSqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"lc-admin-{Guid.NewGuid():N}.db");
        try
        {
            await using var app = new GatewayApp($"Data Source={file}", provider: "Sqlite");
            var admin = await app.AdminAsync();
            var department = await admin.DepartmentAsync("Lite support");
            var agent = await admin.OperatorAsync("agent", department);
            var client = await app.SignInAsync(agent.Email, agent.Password);
            (await client.Http.PutAsJsonAsync("/api/v1/operators/me/status", new { status = "online" })).EnsureSuccessStatusCode();

            var moved = await admin.Http.PutAsJsonAsync($"/api/v1/departments/{department}", new { name = "Lite help", isDefault = true });
            var disabled = await admin.Http.PutAsJsonAsync($"/api/v1/operators/{agent.Id}", new { name = "Lite agent", email = agent.Email, role = "agent", disabled = true });

            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
            var departments = (await admin.Http.GetFromJsonAsync<List<DepartmentView>>("/api/v1/departments"))!;
            var chosen = Assert.Single(departments, d => d.IsDefault);
            Assert.Equal(("Lite help", department), (chosen.Name, chosen.Id));
            var view = (await disabled.Content.ReadFromJsonAsync<OperatorView>())!;
            Assert.Equal((true, "offline"), (view.Disabled, view.Status));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }
}
