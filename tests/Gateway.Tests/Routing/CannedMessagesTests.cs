using LiveChat.Gateway.Canned;

namespace LiveChat.Gateway.Tests.Routing;

public sealed class CannedMessagesTestsOnPostgres(GatewayFixture fixture) : CannedMessagesTests(fixture), IClassFixture<GatewayFixture>;

public sealed class CannedMessagesTestsOnSqlite(SqliteGatewayFixture fixture) : CannedMessagesTests(fixture), IClassFixture<SqliteGatewayFixture>;

public abstract class CannedMessagesTests(GatewayFixture fixture)
{
    [Fact]
    public async Task SuggestRanksShortcutPrefixFirstAndOnlyFromTheOperatorsDepartments()
    {
        var admin = await fixture.App.AdminAsync();
        var billing = await admin.DepartmentAsync($"Billing {Guid.NewGuid():N}");
        var sales = await admin.DepartmentAsync($"Sales {Guid.NewGuid():N}");
        var category = await CreateAsync(admin, "/api/v1/canned-categories", new { name = "Money", departmentId = billing });
        await CreateAsync(admin, "/api/v1/canned-messages", new { shortcut = "#refund", text = "Your refund is on its way.", departmentId = billing, categoryId = category });
        await CreateAsync(admin, "/api/v1/canned-messages", new { shortcut = "refund-policy", text = "Refunds within 30 days.", departmentId = billing });
        await CreateAsync(admin, "/api/v1/canned-messages", new { shortcut = "late", text = "Sorry, your refund is late.", departmentId = billing });
        await CreateAsync(admin, "/api/v1/canned-messages", new { shortcut = "refund-sales", text = "Sales refund rules.", departmentId = sales });
        await CreateAsync(admin, "/api/v1/canned-messages", new { shortcut = "hello", text = "Hello! How can I help with your refund?" });
        var account = await admin.OperatorAsync("agent", billing);
        var agent = await fixture.App.SignInAsync(account.Email, account.Password);

        var suggestions = await agent.Http.GetFromJsonAsync<JsonElement>("/api/v1/canned-messages/suggest?q=%23POL");
        var byText = await agent.Http.GetFromJsonAsync<JsonElement>("/api/v1/canned-messages/suggest?q=refund");

        Assert.Equal(["refund-policy"], suggestions.EnumerateArray().Select(s => s.GetProperty("shortcut").GetString()));
        Assert.Equal(["refund", "refund-policy", "late", "hello"], byText.EnumerateArray().Select(s => s.GetProperty("shortcut").GetString()));
        var forbidden = await agent.Http.GetFromJsonAsync<JsonElement>($"/api/v1/canned-messages?departmentId={sales}");
        Assert.Equal(["hello"], forbidden.EnumerateArray().Select(s => s.GetProperty("shortcut").GetString()));
        var inCategory = await agent.Http.GetFromJsonAsync<JsonElement>($"/api/v1/canned-messages?categoryId={category}");
        Assert.Equal(["refund"], inCategory.EnumerateArray().Select(s => s.GetProperty("shortcut").GetString()));
    }

    [Fact]
    public async Task OnlySupervisorsManageCannedMessagesAndShortcutsAreUniquePerDepartment()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Canned {Guid.NewGuid():N}");
        var account = await admin.OperatorAsync("agent", department);
        var agent = await fixture.App.SignInAsync(account.Email, account.Password);
        var id = await CreateAsync(admin, "/api/v1/canned-messages", new { shortcut = "thanks", text = "Thank you!", departmentId = department });

        var byAgent = await agent.Http.PostAsJsonAsync("/api/v1/canned-messages", new { shortcut = "mine", text = "x", departmentId = department });
        var duplicate = await admin.Http.PostAsJsonAsync("/api/v1/canned-messages", new { shortcut = "#THANKS", text = "Thanks again", departmentId = department });
        var badShortcut = await admin.Http.PostAsJsonAsync("/api/v1/canned-messages", new { shortcut = "two words", text = "x" });
        var unknownDepartment = await admin.Http.PostAsJsonAsync("/api/v1/canned-messages", new { shortcut = "x", text = "x", departmentId = "dep_nope" });
        var updated = await admin.Http.PutAsJsonAsync($"/api/v1/canned-messages/{id}", new { shortcut = "thanks", text = "Thank you so much!", departmentId = department });
        var deleted = await admin.Http.DeleteAsync($"/api/v1/canned-messages/{id}");
        var deletedAgain = await admin.Http.DeleteAsync($"/api/v1/canned-messages/{id}");

        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badShortcut.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownDepartment.StatusCode);
        Assert.Equal("Thank you so much!", (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
    }

    [Fact]
    public void RankingPrefersShortcutPrefixThenShortcutThenTextAndShorterShortcuts()
    {
        var now = DateTimeOffset.UnixEpoch;
        CannedView Item(string shortcut, string text) => new(shortcut, shortcut, text, null, null, now, now);
        var items = new[] { Item("xship", "x"), Item("shipping-long", "x"), Item("ship", "x"), Item("other", "we ship daily"), Item("none", "nothing") };

        Assert.Equal(["ship", "shipping-long", "xship", "other"], CannedRanking.Suggest(items, "#SHIP").Select(i => i.Shortcut));
        Assert.Equal(2, CannedRanking.Suggest(items, "", limit: 2).Count);
    }

    private static async Task<string> CreateAsync(OperatorClient admin, string path, object body)
    {
        var response = await admin.Http.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
