namespace LiveChat.Gateway.Tests.Jobs;

/// <summary>The Hangfire Dashboard at /jobs: a browser signs in through a one-time address the console asks for.</summary>
public sealed class JobsDashboardTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task AnAdminOpensTheDashboardOnceThroughAOneTimeAddress()
    {
        var admin = await fixture.App.AdminAsync();
        using var browser = Browser();

        var session = await admin.Http.PostAsync("/api/v1/jobs/session", null);
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        var url = (await session.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        Assert.StartsWith("/jobs/session/", url, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/jobs")).StatusCode);
        var redeemed = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, redeemed.StatusCode);
        Assert.Equal("/jobs", redeemed.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(redeemed.Headers.GetValues("Set-Cookie"));
        Assert.Contains("path=/jobs", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        var cookie = setCookie.Split(';')[0];

        var page = await GetWithCookieAsync(browser, "/jobs", cookie);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("LiveChat Gateway jobs", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithCookieAsync(browser, "/jobs", "livechat_jobs=forged")).StatusCode);
    }

    [Fact]
    public async Task AgentsGetNoDashboardAndSupervisorsOnlyRead()
    {
        var admin = await fixture.App.AdminAsync();
        var department = await admin.DepartmentAsync($"Jobs {Guid.NewGuid():N}");
        var (_, agentEmail, agentPassword) = await admin.OperatorAsync("agent", department);
        var (_, supervisorEmail, supervisorPassword) = await admin.OperatorAsync("supervisor", department);
        var agent = await fixture.App.SignInAsync(agentEmail, agentPassword);
        var supervisor = await fixture.App.SignInAsync(supervisorEmail, supervisorPassword);
        using var browser = Browser();

        var refused = await agent.Http.PostAsync("/api/v1/jobs/session", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        var supervisorCookie = await SignInAsync(browser, supervisor);
        var adminCookie = await SignInAsync(browser, admin);
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(browser, "/jobs/jobs/succeeded", supervisorCookie)).StatusCode);
        // A command (deleting enqueued jobs) is refused in read-only mode; the same command from an admin goes through.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostCommandAsync(browser, supervisorCookie)).StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await PostCommandAsync(browser, adminCookie)).StatusCode);
    }

    private HttpClient Browser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = fixture.App.BaseAddress };

    private static async Task<string> SignInAsync(HttpClient browser, OperatorClient operatorClient)
    {
        var session = await operatorClient.Http.PostAsync("/api/v1/jobs/session", null);
        var url = (await session.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        var redeemed = await browser.GetAsync(url);
        return Assert.Single(redeemed.Headers.GetValues("Set-Cookie")).Split(';')[0];
    }

    private static Task<HttpResponseMessage> GetWithCookieAsync(HttpClient browser, string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return browser.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PostCommandAsync(HttpClient browser, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/jobs/jobs/enqueued/delete")
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("jobs[]", "no-such-job")]),
        };
        request.Headers.Add("Cookie", cookie);
        return browser.SendAsync(request);
    }
}
