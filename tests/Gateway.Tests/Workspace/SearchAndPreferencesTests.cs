using System.Text;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Tests.Routing;

namespace LiveChat.Gateway.Tests.Workspace;

public sealed class SearchAndPreferencesTestsOnPostgres(ConsoleFixture fixture) : SearchAndPreferencesTests(fixture), IClassFixture<ConsoleFixture>;

public sealed class SearchAndPreferencesTestsOnSqlite(SqliteConsoleFixture fixture) : SearchAndPreferencesTests(fixture), IClassFixture<SqliteConsoleFixture>;

public abstract class SearchAndPreferencesTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task SearchFindsVisitorNamePhoneAndMessageTextNewestFirstOnlyInMyDepartments()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Search {Guid.NewGuid():N}");
        var agent = await fixture.App.OnlineAsync(admin, "agent", department);
        var stranger = await fixture.App.OnlineAsync(admin, "agent", await admin.DepartmentAsync($"Elsewhere {Guid.NewGuid():N}"));
        var word = $"zq{Guid.NewGuid():N}"[..10];
        var byName = $"49{Random.Shared.NextInt64(100_000_000, 999_999_999)}";
        var byText = $"49{Random.Shared.NextInt64(100_000_000, 999_999_999)}";
        await fixture.CustomerWritesAsync(byName, "hello", department, name: $"Ada {word.ToUpperInvariant()}");
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var longText = $"{new string('a', 100)} my {word} order never came {new string('b', 100)}";
        await fixture.CustomerWritesAsync(byText, longText, department);

        var hits = await agent.Http.GetFromJsonAsync<List<ChatSearchHit>>($"/api/v1/chats/search?q={word}");
        var byPhone = await agent.Http.GetFromJsonAsync<List<ChatSearchHit>>($"/api/v1/chats/search?q={byText[2..]}");
        var foreign = await stranger.Http.GetFromJsonAsync<List<ChatSearchHit>>($"/api/v1/chats/search?q={word}");

        Assert.Equal([$"+{byText}", $"+{byName}"], hits!.Select(h => h.Chat.Visitor.Phone));
        Assert.Equal($"…{new string('a', 56)} my {word} order never came {new string('b', 42)}…", hits![0].Snippet);
        Assert.Null(hits[1].Snippet);
        Assert.Equal($"+{byText}", Assert.Single(byPhone!).Chat.Visitor.Phone);
        Assert.Empty(foreign!);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("")]
    public async Task SearchRefusesQueriesShorterThanTwoCharactersNamingQ(string q)
    {
        var admin = await fixture.App.AdminAsync();

        var response = await admin.Http.GetAsync($"/api/v1/chats/search?q={q}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("q", out _));
    }

    [Fact]
    public void SnippetNeverSplitsASurrogatePair()
    {
        var text = $"{string.Concat(Enumerable.Repeat("😀", 10))}needle{string.Concat(Enumerable.Repeat("😀", 10))}";

        var snippet = SearchChats.Snippet(text, "needle", context: 5);

        Assert.Equal("…😀😀😀needle😀😀😀…", snippet);
        _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(snippet);
    }

    [Fact]
    public async Task PreferencesAreTheDefaultsUntilSavedAndAreKeptPerOperator()
    {
        var admin = await fixture.App.AdminAsync();
        var anna = await fixture.App.OnlineAsync(admin, "agent");
        var ben = await fixture.App.OnlineAsync(admin, "agent");

        var defaults = await anna.Http.GetFromJsonAsync<OperatorPreferences>("/api/v1/operators/me/preferences");
        var saved = await anna.Http.PutAsJsonAsync("/api/v1/operators/me/preferences", new OperatorPreferences(EnterSends: false, Sound: false, Language: "pt-BR"));
        var annaNow = await anna.Http.GetFromJsonAsync<OperatorPreferences>("/api/v1/operators/me/preferences");
        var benNow = await ben.Http.GetFromJsonAsync<OperatorPreferences>("/api/v1/operators/me/preferences");
        var invalid = await anna.Http.PutAsJsonAsync("/api/v1/operators/me/preferences", new OperatorPreferences(Language: "not a language"));

        Assert.Equal(new OperatorPreferences(), defaults);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(new OperatorPreferences(false, false, true, "pt-BR"), annaNow);
        Assert.Equal(new OperatorPreferences(), benNow);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("language", out _));
    }
}
