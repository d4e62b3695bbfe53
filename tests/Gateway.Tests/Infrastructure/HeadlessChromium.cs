using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.Infrastructure;

/// <summary>Debian's chromium, headless, driven by Playwright (test.sh installs it when a test file says UsesChromium).</summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public IPage Page { get; private set; } = null!;

    public static async Task<HeadlessChromium> OpenAsync(int width, int height)
    {
        var opened = new HeadlessChromium { _playwright = await Playwright.CreateAsync() };
        opened._browser = await LaunchAsync(opened._playwright);
        opened.Page = await opened._browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        return opened;
    }

    /// <summary>Debian's chromium with the flags this closed network needs; sound may play without a click (the console's ringer).</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Install Debian's chromium (test.sh does when a test says UsesChromium).");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"],
        });
    }

    /// <summary>Where browser tests save their screenshots.</summary>
    public static string Artifacts() => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
