using LiveChat.Gateway.Tests.Reports;
using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>UsesChromium: the reports screen over chats made at known times, and what an agent sees there instead.</summary>
public sealed class ConsoleReportsTests(ReportsFixture fixture) : IClassFixture<ReportsFixture>
{
    [Fact]
    public async Task ASupervisorSeesTheRangesFiguresChartsTablesAndCsv()
    {
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(fixture.SupervisorAccount.Email, fixture.SupervisorAccount.Password);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Supervisor screens" }).GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reports", Exact = true })).ToBeVisibleAsync(new() { Timeout = 20_000 });

        await page.GetByLabel("From", new() { Exact = true }).FillAsync($"{ReportsFixture.Day0:yyyy-MM-dd}");
        await page.GetByLabel("To", new() { Exact = true }).FillAsync($"{ReportsFixture.Day0.AddDays(2):yyyy-MM-dd}");
        await page.GetByLabel("Time zone").FillAsync("UTC");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show report" }).ClickAsync();

        var totals = page.GetByLabel("Totals");
        await Assertions.Expect(totals.Locator("div").Filter(new() { HasText = "Chats started" })).ToContainTextAsync("3");
        await Assertions.Expect(totals.Locator("div").Filter(new() { HasText = "Missed" })).ToContainTextAsync("1 (33.3%)");
        await Assertions.Expect(totals.Locator("div").Filter(new() { HasText = "Wait before pick-up" })).ToContainTextAsync("median 40 s");
        var perDay = page.GetByRole(AriaRole.Region, new() { Name = "Chats per day by channel" });
        await Assertions.Expect(perDay.GetByRole(AriaRole.Row).Filter(new() { HasText = $"{ReportsFixture.Day0:yyyy-MM-dd}" })).ToContainTextAsync("2");
        await Assertions.Expect(perDay.GetByRole(AriaRole.Img)).ToBeVisibleAsync();
        var csv = await perDay.GetByRole(AriaRole.Link, new() { Name = "Download Chats per day by channel as CSV" }).GetAttributeAsync("href");
        Assert.StartsWith("data:text/csv", csv, StringComparison.Ordinal);
        Assert.Contains($"{ReportsFixture.Day0:yyyy-MM-dd},2,2", Uri.UnescapeDataString(csv!), StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Wait before pick-up" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "2m–5m" }))
            .ToContainTextAsync("1");

        await SupervisorScreens.SettledAsync(page);

        await ConsoleBrowser.ScreenshotAsync(page, "console-reports.png");
        await ConsoleBrowser.AssertAccessibleAsync(page, "reports");
    }

    [Fact]
    public async Task AnAgentIsToldTheScreenIsForSupervisorsAndSeesNoLinkToIt()
    {
        await using var browser = await ConsoleBrowser.StartAsync(fixture.App);
        var page = await browser.SignInAsync(fixture.AgentAccount.Email, fixture.AgentAccount.Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Supervisor screens" })).ToHaveCountAsync(0);

        foreach (var screen in new[] { "reports", "monitor" })
        {
            await page.GotoAsync(new Uri(browser.Gateway, $"console/{screen}").ToString());
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("only for supervisors and admins");
        }

        await SupervisorScreens.SettledAsync(page);

        await ConsoleBrowser.ScreenshotAsync(page, "console-supervisors-only.png");
        await ConsoleBrowser.AssertAccessibleAsync(page, "supervisors only");
    }
}
