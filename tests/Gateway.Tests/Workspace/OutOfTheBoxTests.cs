namespace LiveChat.Gateway.Tests.Workspace;

/// <summary>A gateway started in Development with no channel configuration, as after <c>dotnet run</c>.</summary>
public class DevelopmentFixture : IAsyncLifetime
{
    public const string AdminEmail = "dev<admin>@example.test";

    public TestDatabase Database { get; private set; } = null!;

    public GatewayApp App { get; private set; } = null!;

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Bootstrap:AdminEmail"] = AdminEmail,
        ["Bootstrap:AdminPassword"] = "development-password-1",
    };

    public virtual DatabaseKind Kind => DatabaseKind.Postgres;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(Kind);
        App = new GatewayApp(Database, Settings, environment: "Development");
        _ = App.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>The same on the embedded SQLite default, which is what <c>dotnet run</c> starts.</summary>
public sealed class SqliteDevelopmentFixture : DevelopmentFixture
{
    public override DatabaseKind Kind => DatabaseKind.Sqlite;
}

public sealed class OutOfTheBoxTestsOnPostgres(DevelopmentFixture fixture) : OutOfTheBoxTests(fixture), IClassFixture<DevelopmentFixture>;

public sealed class OutOfTheBoxTestsOnSqlite(SqliteDevelopmentFixture fixture) : OutOfTheBoxTests(fixture), IClassFixture<SqliteDevelopmentFixture>;

public abstract class OutOfTheBoxTests(DevelopmentFixture fixture)
{
    [Fact]
    public async Task DevelopmentWidgetGetsATokenWithNoSecretConfiguredAndEveryNodeSharesTheStoredSecret()
    {
        var response = await fixture.App.Anonymous().PostAsync("/widget/token", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        await using var second = new GatewayApp(fixture.Database, fixture.Settings, environment: "Development");
        var client = second.Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var started = await client.PostAsync("/v3/directline/conversations", null);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal(1, await StoredSecretsAsync());
    }

    [Fact]
    public async Task OutsideDevelopmentTheWidgetStaysOffWithoutASecret()
    {
        await using var database = await TestDatabase.CreateAsync(fixture.Kind);
        await using var testing = new GatewayApp(database);

        var response = await testing.Anonymous().PostAsync("/widget/token", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var connection = await database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM settings WHERE key = 'directline.secret'"));
    }

    [Fact]
    public async Task LandingPageLinksTheConsoleAndTheDemoAndNamesTheDevelopmentAdminEscaped()
    {
        var response = await fixture.App.Anonymous().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>LiveChat Gateway</title>", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"big\" href=\"/console/\">Open the operator console</a>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/demo\">Chat as a customer</a>", html, StringComparison.Ordinal);
        Assert.Contains("dev&lt;admin&gt;@example.test", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<admin>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("development-password-1", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoPageLoadsTheWidgetWhoseTokenEndpointAnswers()
    {
        var client = fixture.App.Anonymous();

        var html = await client.GetStringAsync("/demo");
        var script = await client.GetAsync("/widget.js");

        Assert.Contains("<script src=\"/widget.js\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/widget/token", null)).StatusCode);
    }

    private async Task<long> StoredSecretsAsync()
    {
        await using var connection = await fixture.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM settings WHERE key = 'directline.secret'");
    }
}
