using LiveChat.Gateway.Tests.OperatorConsole;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.Helpdesk;

/// <summary>
/// The visitor panel's tickets from the helpdesk itself, for each helpdesk against a WireMock stub of its API: found by
/// email (or by phone), none, a helpdesk failing or too slow (unavailable, said in the answer, never an error), and the
/// brief cache. Each helpdesk's class says how its API is asked and what it answers.
/// </summary>
public abstract class HelpdeskTicketsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : HelpdeskTicketsFixture
{
    protected TFixture Fixture => fixture;

    protected abstract string Helpdesk { get; }

    /// <summary>The route the tickets are read from (by email).</summary>
    protected abstract string TicketsRoute { get; }

    /// <summary>The helpdesk's answer: one ticket, 4711 "Parcel missing", open, updated 2026-12-01.</summary>
    protected abstract StubResponse OneTicket { get; }

    protected abstract StubResponse NoTickets { get; }

    protected abstract string TicketUrl { get; }

    /// <summary>Scripts the stub to find the visitor's tickets by this phone number (a contact looked up first where the API needs one).</summary>
    protected abstract void FindByPhone(string phone);

    [Fact]
    public async Task TheVisitorsTicketsAreFoundByEmailWithLinksToTheHelpdesk()
    {
        var visitorId = await fixture.VisitorAsync("4915100000001", "ada.found@example.test");
        fixture.Helpdesk.Enqueue(TicketsRoute, OneTicket);

        var answer = await fixture.TicketsAsync(visitorId);

        Assert.Equal(Helpdesk, answer.Helpdesk);
        Assert.Null(answer.Unavailable);
        var ticket = Assert.Single(answer.Tickets);
        Assert.Equal(("4711", "Parcel missing", "open", TicketUrl), (ticket.Id, ticket.Subject, ticket.Status, ticket.Url));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero), ticket.UpdatedAt);
        Assert.Contains("ada.found@example.test", Uri.UnescapeDataString(fixture.Helpdesk.RequestsTo(TicketsRoute).Last().Query), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AVisitorWithoutEmailIsLookedUpByPhone()
    {
        var visitorId = await fixture.VisitorAsync("4915100000002", email: null);
        FindByPhone("+4915100000002");

        var answer = await fixture.TicketsAsync(visitorId);

        Assert.Null(answer.Unavailable);
        Assert.Equal("4711", Assert.Single(answer.Tickets).Id);
    }

    [Fact]
    public async Task NoTicketsIsAnEmptyList()
    {
        var visitorId = await fixture.VisitorAsync("4915100000003", "ada.none@example.test");
        fixture.Helpdesk.Enqueue(TicketsRoute, NoTickets);

        var answer = await fixture.TicketsAsync(visitorId);

        Assert.Equal((Helpdesk, (string?)null), (answer.Helpdesk, answer.Unavailable));
        Assert.Empty(answer.Tickets);
    }

    [Fact]
    public async Task AFailingOrSlowHelpdeskIsUnavailableAndAskedAgainNextTime()
    {
        var visitorId = await fixture.VisitorAsync("4915100000004", "ada.down@example.test");
        fixture.Helpdesk.Enqueue(TicketsRoute, StubResponse.Json("""{"error":"down"}""", HttpStatusCode.InternalServerError));

        var failed = await fixture.TicketsAsync(visitorId);
        Assert.NotNull(failed.Unavailable);
        Assert.Empty(failed.Tickets);

        fixture.Helpdesk.On(TicketsRoute, OneTicket with { Delay = TimeSpan.FromSeconds(10) });
        var slow = await fixture.TicketsAsync(visitorId);
        Assert.Equal($"{Helpdesk} did not answer within 4 s.", slow.Unavailable);

        // Failures are not kept: the next look asks again and finds the ticket.
        fixture.Helpdesk.On(TicketsRoute, OneTicket);
        Assert.Equal("4711", Assert.Single((await fixture.TicketsAsync(visitorId)).Tickets).Id);
    }

    [Fact]
    public async Task AnAnswerIsKeptBrieflySoTheHelpdeskIsNotAskedAgain()
    {
        var visitorId = await fixture.VisitorAsync("4915100000005", "ada.cached@example.test");
        fixture.Helpdesk.Enqueue(TicketsRoute, OneTicket);
        Assert.Single((await fixture.TicketsAsync(visitorId)).Tickets);
        var asked = fixture.Helpdesk.RequestsTo(TicketsRoute).Count;

        var again = await fixture.TicketsAsync(visitorId);

        Assert.Equal("4711", Assert.Single(again.Tickets).Id);
        Assert.Equal(asked, fixture.Helpdesk.RequestsTo(TicketsRoute).Count);
    }

    [Fact]
    public async Task AnAgentMayReadOnlyTheTicketsOfAVisitorInTheirDepartments()
    {
        var visitorId = await fixture.VisitorAsync("4915100000006", "ada.private@example.test");
        var admin = await fixture.App.AdminAsync();
        var agent = await admin.OperatorAsync("agent", await admin.DepartmentAsync("Billing " + Guid.NewGuid().ToString("N")[..6]));
        var asAgent = await fixture.App.SignInAsync(agent.Email, agent.Password);

        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.Http.GetAsync($"/api/v1/visitors/{visitorId}/helpdesk-tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync("/api/v1/visitors/vis_unknown/helpdesk-tickets")).StatusCode);
    }
}

/// <summary>Zendesk: the search API, <c>type:ticket requester:"…"</c>; by phone the user found by <c>/users/search</c> first.</summary>
public sealed class ZendeskHelpdeskTicketsTests(ZendeskTicketsLookupFixture fixture) : HelpdeskTicketsTests<ZendeskTicketsLookupFixture>(fixture)
{
    protected override string Helpdesk => "Zendesk";

    protected override string TicketsRoute => "GET /api/v2/search.json";

    protected override StubResponse OneTicket => StubResponse.Json("""
        {"results":[{"id":4711,"subject":"Parcel missing","status":"open","updated_at":"2026-12-01T09:30:00Z","result_type":"ticket"}],"count":1}
        """);

    protected override StubResponse NoTickets => StubResponse.Json("""{"results":[],"count":0}""");

    protected override string TicketUrl => $"{Fixture.BaseUrl}/agent/tickets/4711";

    protected override void FindByPhone(string phone)
    {
        Fixture.Helpdesk.Enqueue("GET /api/v2/users/search.json", StubResponse.Json("""{"users":[{"id":9001,"email":null,"active":true}]}"""));
        Fixture.Helpdesk.Enqueue(TicketsRoute, OneTicket);
    }

    [Fact]
    public async Task ByPhoneTheTicketsOfTheUserWithThatNumberAreSearched()
    {
        var visitorId = await Fixture.VisitorAsync("4915100000007", email: null);
        FindByPhone("+4915100000007");

        await Fixture.TicketsAsync(visitorId);

        Assert.Contains("query=%2B4915100000007", Fixture.Helpdesk.RequestsTo("GET /api/v2/users/search.json").Last().Query, StringComparison.Ordinal);
        Assert.Contains("requester:\"9001\"", Uri.UnescapeDataString(Fixture.Helpdesk.RequestsTo(TicketsRoute).Last().Query), StringComparison.Ordinal);
    }
}

/// <summary>UsesChromium: the visitor panel of the console shows the helpdesk's tickets beside the gateway's, and an unavailable helpdesk as such.</summary>
public sealed class HelpdeskTicketsPanelTests(ZendeskTicketsLookupFixture fixture) : IClassFixture<ZendeskTicketsLookupFixture>
{
    [Fact]
    public async Task TheVisitorPanelListsTheHelpdesksTicketsWithWorkingLinksOrSaysItIsUnavailable()
    {
        var found = await fixture.VisitorAsync("4915100000010", "ada.panel@example.test");
        var down = await fixture.VisitorAsync("4915100000011", "bob.panel@example.test");
        fixture.Helpdesk.Server
            .Given(WireMock.RequestBuilders.Request.Create().UsingGet().WithPath("/api/v2/search.json").WithParam("query", "type:ticket requester:\"ada.panel@example.test\""))
            .AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""
                {"results":[{"id":4711,"subject":"Parcel missing","status":"open","updated_at":"2026-12-01T09:30:00Z"},{"id":4700,"subject":"Invoice copy","status":"solved","updated_at":"2026-11-20T15:00:00Z"}]}
                """));
        fixture.Helpdesk.Server
            .Given(WireMock.RequestBuilders.Request.Create().UsingGet().WithPath("/api/v2/search.json").WithParam("query", "type:ticket requester:\"bob.panel@example.test\""))
            .AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503).WithBody("{}"));
        fixture.Helpdesk.On("GET /agent/tickets/4711", new StubResponse { ContentType = "text/html", Body = "<!doctype html><title>Ticket 4711 - Zendesk</title><h1>Parcel missing</h1>" });

        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(GatewayApp.AdminEmail, GatewayApp.AdminPassword);
        await page.GotoAsync(new Uri(browser.Gateway, $"console/chats/{await fixture.ChatOfAsync(found)}").ToString());

        var panel = page.GetByRole(AriaRole.Tabpanel, new() { Name = "Visitor" });
        var tickets = panel.GetByTestId("helpdesk-tickets");
        await Assertions.Expect(panel.GetByText("In Zendesk")).ToBeVisibleAsync();
        await Assertions.Expect(tickets.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        var link = tickets.GetByRole(AriaRole.Link, new() { Name = "#4711 Parcel missing" });
        await Assertions.Expect(link).ToHaveAttributeAsync("href", $"{fixture.BaseUrl}/agent/tickets/4711");
        await Assertions.Expect(tickets).ToContainTextAsync("solved");
        await ConsoleBrowser.ScreenshotAsync(page, "console-helpdesk-tickets.png");
        var opened = await page.Context.RunAndWaitForPageAsync(() => link.ClickAsync());
        await Assertions.Expect(opened).ToHaveTitleAsync("Ticket 4711 - Zendesk");

        await page.GotoAsync(new Uri(browser.Gateway, $"console/chats/{await fixture.ChatOfAsync(down)}").ToString());
        await Assertions.Expect(panel.GetByTestId("helpdesk-tickets")).ToContainTextAsync("Helpdesk unavailable");
        await Assertions.Expect(panel.GetByRole(AriaRole.Heading, new() { Name = "Recent chats" })).ToBeVisibleAsync();
    }
}

/// <summary>Zoho Desk: <c>/api/v1/tickets/search?email=</c> (or <c>phone=</c>) with the OAuth token; 204 when none.</summary>
public sealed class ZohoDeskHelpdeskTicketsTests(ZohoDeskTicketsLookupFixture fixture) : HelpdeskTicketsTests<ZohoDeskTicketsLookupFixture>(fixture)
{
    protected override string Helpdesk => "ZohoDesk";

    protected override string TicketsRoute => "GET /api/v1/tickets/search";

    protected override StubResponse OneTicket => StubResponse.Json("""
        {"data":[{"id":"1892000000093001","ticketNumber":"4711","subject":"Parcel missing","status":"open","modifiedTime":"2026-12-01T09:30:00.000Z","webUrl":"https://desk.zoho.eu/support/acme/ShowHomePage.do#Cases/dv/1892000000093001"}]}
        """);

    protected override StubResponse NoTickets => new() { Status = HttpStatusCode.NoContent };

    protected override string TicketUrl => "https://desk.zoho.eu/support/acme/ShowHomePage.do#Cases/dv/1892000000093001";

    protected override void FindByPhone(string phone) => Fixture.Helpdesk.Enqueue(TicketsRoute, OneTicket);
}

/// <summary>Freshdesk: <c>/api/v2/tickets?email=</c>; by phone the contact found by <c>/api/v2/contacts?phone=</c> first.</summary>
public sealed class FreshdeskHelpdeskTicketsTests(FreshdeskTicketsLookupFixture fixture) : HelpdeskTicketsTests<FreshdeskTicketsLookupFixture>(fixture)
{
    protected override string Helpdesk => "Freshdesk";

    protected override string TicketsRoute => "GET /api/v2/tickets";

    protected override StubResponse OneTicket => StubResponse.Json("""[{"id":4711,"subject":"Parcel missing","status":2,"updated_at":"2026-12-01T09:30:00Z"}]""");

    protected override StubResponse NoTickets => StubResponse.Json("[]");

    protected override string TicketUrl => $"{Fixture.BaseUrl}/a/tickets/4711";

    protected override void FindByPhone(string phone)
    {
        Fixture.Helpdesk.Enqueue("GET /api/v2/contacts", StubResponse.Json("""[{"id":5005}]"""));
        Fixture.Helpdesk.Enqueue(TicketsRoute, OneTicket);
    }
}
