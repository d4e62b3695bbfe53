using Microsoft.IdentityModel.JsonWebTokens;

namespace LiveChat.Gateway.Tests.Widgets;

/// <summary>The widgets' admin API, a chat's widgets for its operators, the tokens they carry and the cards the gateway fetches.</summary>
public sealed class WidgetApiTests(WidgetFixture fixture) : IClassFixture<WidgetFixture>
{
    private const string WidgetSecretOfAnother = "lcws_not-this-widgets-secret-0123456789abcdefghij";
    private const string Crm = "https://crm.example.test/customer?chat={chatId}&email={email}";

    [Fact]
    public async Task AnAdminCreatesUpdatesReplacesTheSecretOfAndDeletesAWidgetWhoseSecretIsShownOnlyOnce()
    {
        var admin = await fixture.App.AdminAsync();
        var created = await fixture.CreateAsync(admin, "iframe", Crm);
        Assert.StartsWith("lcws_", created.Secret, StringComparison.Ordinal);
        Assert.True(created.Widget.Enabled);

        var listed = await admin.Http.GetStringAsync("/api/v1/widgets");
        Assert.Contains(created.Widget.Id, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", listed, StringComparison.OrdinalIgnoreCase);

        var updated = await admin.Http.PutAsJsonAsync($"/api/v1/widgets/{created.Widget.Id}", new WidgetRequest("Orders", "card", "https://orders.example.test/{visitorId}", Enabled: false));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var view = (await updated.Content.ReadFromJsonAsync<WidgetView>())!;
        Assert.Equal(("Orders", "card", false), (view.Name, view.Kind, view.Enabled));

        var replaced = await admin.Http.PostAsync($"/api/v1/widgets/{created.Widget.Id}/secret", null);
        var secret = (await replaced.Content.ReadFromJsonAsync<WidgetSecretView>())!.Secret;
        Assert.NotEqual(created.Secret, secret);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.DeleteAsync($"/api/v1/widgets/{created.Widget.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.DeleteAsync($"/api/v1/widgets/{created.Widget.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.PutAsJsonAsync($"/api/v1/widgets/{created.Widget.Id}", new WidgetRequest("Orders", "card", Crm))).StatusCode);
        Assert.DoesNotContain(fixture.Captured.Lines, l => l.Message.Contains(created.Secret, StringComparison.Ordinal) || l.Message.Contains(secret, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("iframe", "javascript:alert(1)", "urlTemplate", "absolute http or https URL")]
    [InlineData("iframe", "ftp://files.example.test/{chatId}", "urlTemplate", "absolute http or https URL")]
    [InlineData("iframe", "/relative/{chatId}", "urlTemplate", "absolute http or https URL")]
    [InlineData("card", "https://crm.example.test/?c={chat}", "urlTemplate", "{chat}, which is not a placeholder")]
    [InlineData("card", "https://{email}.example.test/", "urlTemplate", "not in its scheme or host")]
    [InlineData("iframe", "https://crm.example.test/#{chatId}", "urlTemplate", "#fragment")]
    [InlineData("iframe", "https://crm.example.test/{chatId", "urlTemplate", "not part of a placeholder")]
    [InlineData("iframe", "https://user:pw@crm.example.test/", "urlTemplate", "user name or password")]
    [InlineData("iframe", "", "urlTemplate", "required")]
    [InlineData("popup", "https://crm.example.test/", "kind", "iframe or card")]
    public async Task RefusesAWidgetThatCannotWorkWithA400NamingTheField(string kind, string template, string field, string message)
    {
        var admin = await fixture.App.AdminAsync();

        var response = await admin.Http.PostAsJsonAsync("/api/v1/widgets", new WidgetRequest("CRM", kind, template));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(message, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesATooLongTemplateAnUnknownDepartmentAndAgentsWithClearAnswers()
    {
        var admin = await fixture.App.AdminAsync();
        var agent = await fixture.App.SignInAsync((await admin.OperatorAsync("agent")).Email, "operator-password-1");

        var tooLong = await admin.Http.PostAsJsonAsync("/api/v1/widgets", new WidgetRequest("CRM", "iframe", "https://crm.example.test/" + new string('a', 2000)));
        var unknown = await admin.Http.PostAsJsonAsync("/api/v1/widgets", new WidgetRequest("CRM", "iframe", Crm, DepartmentId: "dep_nope"));
        var byAgent = await agent.Http.PostAsJsonAsync("/api/v1/widgets", new WidgetRequest("CRM", "iframe", Crm));

        Assert.Contains("longer than 2000 characters", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("There is no department 'dep_nope'.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync("/api/v1/widgets")).StatusCode);
    }

    [Fact]
    public async Task AnIframeWidgetsTokenVerifiesWithItsSecretNamesTheChatAndVisitorAndExpiresAfterFiveMinutes()
    {
        var admin = await fixture.App.AdminAsync();
        var widget = await fixture.CreateAsync(admin, "iframe", Crm);
        var (chatId, visitorId) = await fixture.ChatAsync("Ada Lovelace", "ada+vip@example.test");

        var shown = (await WidgetFixture.WidgetsAsync(admin, chatId)).Single(w => w.Id == widget.Widget.Id);

        var (url, token) = (shown.Url!.Split("#livechat_token=")[0], shown.Url.Split("#livechat_token=")[1]);
        Assert.Equal($"https://crm.example.test/customer?chat={chatId}&email=ada%2Bvip%40example.test", url);
        var verified = await WidgetFixture.VerifyAsync(token, widget.Secret, widget.Widget.Id);
        Assert.True(verified.IsValid, verified.Exception?.Message);
        var claims = verified.Claims;
        Assert.Equal(chatId, claims["chat_id"]);
        Assert.Equal(chatId, claims["sub"]);
        Assert.Equal(visitorId, claims["visitor_id"]);
        Assert.Equal("Ada Lovelace", claims["visitor_name"]);
        Assert.Equal("ada+vip@example.test", claims["visitor_email"]);
        Assert.Equal(admin.Id, claims["operator_id"]);
        Assert.Equal("General", claims["department_name"]);
        var jwt = new JsonWebToken(token);
        Assert.Equal(TimeSpan.FromMinutes(5), jwt.ValidTo - jwt.IssuedAt);
        Assert.Equal(jwt.ValidTo, shown.ExpiresAt!.Value.UtcDateTime, TimeSpan.FromSeconds(1));

        Assert.False((await WidgetFixture.VerifyAsync(token, widget.Secret, widget.Widget.Id, DateTimeOffset.UtcNow.AddMinutes(6))).IsValid);
        Assert.False((await WidgetFixture.VerifyAsync(token, widget.Secret, "wdg_another")).IsValid);
        Assert.False((await WidgetFixture.VerifyAsync(token, WidgetSecretOfAnother, widget.Widget.Id)).IsValid);
        Assert.DoesNotContain(fixture.Captured.Lines, l => l.Message.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAgentGetsTheWidgetsOfTheirDepartmentsChatsOnlyAsTheChatItselfAnswers()
    {
        var admin = await fixture.App.AdminAsync();
        var sales = await admin.DepartmentAsync($"Sales {Guid.NewGuid():N}");
        var support = await admin.DepartmentAsync($"Support {Guid.NewGuid():N}");
        var everywhere = await fixture.CreateAsync(admin, "iframe", Crm);
        var salesOnly = await fixture.CreateAsync(admin, "iframe", "https://sales.example.test/{chatId}", sales);
        var off = await fixture.CreateAsync(admin, "iframe", "https://off.example.test/{chatId}", enabled: false);
        var (salesChat, _) = await fixture.ChatAsync("Sam Sales", $"sam-{Guid.NewGuid():N}@example.test", sales);
        var (supportChat, _) = await fixture.ChatAsync("Sue Support", $"sue-{Guid.NewGuid():N}@example.test", support);
        var account = await admin.OperatorAsync("agent", sales);
        var agent = await fixture.App.SignInAsync(account.Email, account.Password);

        var inSales = (await WidgetFixture.WidgetsAsync(agent, salesChat)).Select(w => w.Id).ToList();
        var inSupport = (await WidgetFixture.WidgetsAsync(admin, supportChat)).Select(w => w.Id).ToList();

        Assert.Contains(everywhere.Widget.Id, inSales);
        Assert.Contains(salesOnly.Widget.Id, inSales);
        Assert.DoesNotContain(off.Widget.Id, inSales);
        Assert.Contains(everywhere.Widget.Id, inSupport);
        Assert.DoesNotContain(salesOnly.Widget.Id, inSupport);
        var refused = await agent.Http.GetAsync($"/api/v1/chats/{supportChat}/widgets");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("department you are not a member of", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Http.GetAsync("/api/v1/chats/cht_nope/widgets")).StatusCode);
        var names = await agent.Http.GetFromJsonAsync<List<ChatWidget>>($"/api/v1/chats/{salesChat}/widgets?content=false");
        Assert.All(names!, w => Assert.Null(w.Url));
        Assert.Equal(inSales, names!.Select(w => w.Id));
    }

    [Fact]
    public async Task ACardWidgetShowsTheFieldsItsEndpointAnswersTheSignedCallerAndOnlyWebLinks()
    {
        using var crm = ApiMock.Start();
        crm.On("GET /card", StubResponse.Json("""
            {"title":"Customer 4711","fields":[{"label":"Plan","value":"Gold"},{"label":"Orders","value":12}],
             "links":[{"label":"Open in CRM","url":"https://crm.example.test/c/4711"},{"label":"Run it","url":"javascript:alert(1)"}]}
            """));
        var admin = await fixture.App.AdminAsync();
        var widget = await fixture.CreateAsync(admin, "card", new Uri(crm.BaseUri, "card?chat={chatId}").ToString());
        var (chatId, visitorId) = await fixture.ChatAsync("Carl Card", $"carl-{Guid.NewGuid():N}@example.test");

        var shown = (await WidgetFixture.WidgetsAsync(admin, chatId)).Single(w => w.Id == widget.Widget.Id);
        var again = (await WidgetFixture.WidgetsAsync(admin, chatId)).Single(w => w.Id == widget.Widget.Id);

        Assert.Null(shown.Unavailable);
        Assert.Equal("Customer 4711", shown.Card!.Title);
        Assert.Equal([new WidgetCardField("Plan", "Gold"), new WidgetCardField("Orders", "12")], shown.Card.Fields);
        Assert.Equal([new WidgetCardLink("Open in CRM", "https://crm.example.test/c/4711"), new WidgetCardLink("Run it", null)], shown.Card.Links);
        Assert.Equal(shown.Card.Title, again.Card!.Title);
        var call = Assert.Single(crm.RequestsTo("GET /card"));
        Assert.Contains($"chat={chatId}", call.Query, StringComparison.Ordinal);
        var bearer = call.Header("Authorization")!.Split(' ')[1];
        var verified = await WidgetFixture.VerifyAsync(bearer, widget.Secret, widget.Widget.Id);
        Assert.True(verified.IsValid);
        Assert.Equal(visitorId, verified.Claims["visitor_id"]);
    }

    [Theory]
    [InlineData("error", "it answered 500")]
    [InlineData("slow", "did not answer within 1 s")]
    [InlineData("large", "larger than 2048 bytes")]
    [InlineData("html", "not a card (it is not JSON)")]
    [InlineData("schema", "not a card ('title' must be")]
    public async Task ACardWhoseEndpointFailsIsUnavailableAndTheOtherWidgetsStillShow(string failure, string reason)
    {
        using var crm = ApiMock.Start();
        crm.On("GET /card", failure switch
        {
            "error" => StubResponse.Json("{}", HttpStatusCode.InternalServerError),
            "slow" => StubResponse.Json("""{"title":"late"}""") with { Delay = TimeSpan.FromSeconds(5) },
            "large" => StubResponse.Json($$"""{"title":"{{new string('x', 3000)}}"}"""),
            "html" => new StubResponse { Body = "<html>login</html>", ContentType = "text/html" },
            _ => StubResponse.Json("""{"fields":[]}"""),
        });
        var admin = await fixture.App.AdminAsync();
        var card = await fixture.CreateAsync(admin, "card", new Uri(crm.BaseUri, "card").ToString());
        var frame = await fixture.CreateAsync(admin, "iframe", Crm);
        var (chatId, _) = await fixture.ChatAsync("Fay Fail", $"fay-{Guid.NewGuid():N}@example.test");

        var response = await admin.Http.GetAsync($"/api/v1/chats/{chatId}/widgets");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var widgets = (await response.Content.ReadFromJsonAsync<List<ChatWidget>>())!;
        var unavailable = widgets.Single(w => w.Id == card.Widget.Id);
        Assert.Null(unavailable.Card);
        Assert.Contains(reason, unavailable.Unavailable, StringComparison.Ordinal);
        Assert.NotNull(widgets.Single(w => w.Id == frame.Widget.Id).Url);
        Assert.Contains(fixture.Captured.Lines, l => l.Message.Contains($"Card widget {card.Widget.Id} is unavailable", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Captured.Lines, l => l.Message.Contains(crm.BaseUri.Authority, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryWidgetEndpointIsInTheOpenApiDocument()
    {
        var document = await fixture.App.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("operationId", out _))
                .Select(o => $"{o.Name.ToUpperInvariant()} {path.Name} {o.Value.GetProperty("operationId").GetString()}"))
            .ToList();
        Assert.Contains("GET /api/v1/widgets ListWidgets", operations);
        Assert.Contains("POST /api/v1/widgets CreateWidget", operations);
        Assert.Contains("PUT /api/v1/widgets/{id} UpdateWidget", operations);
        Assert.Contains("POST /api/v1/widgets/{id}/secret ReplaceWidgetSecret", operations);
        Assert.Contains("DELETE /api/v1/widgets/{id} DeleteWidget", operations);
        Assert.Contains("GET /api/v1/chats/{id}/widgets GetChatWidgets", operations);
    }
}
