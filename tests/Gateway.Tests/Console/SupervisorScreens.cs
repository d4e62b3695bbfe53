using Microsoft.Playwright;

namespace LiveChat.Gateway.Tests.OperatorConsole;

/// <summary>What the supervisors' screen tests share.</summary>
public static class SupervisorScreens
{
    /// <summary>Waits for the page's animations (a snackbar fading in) to end: axe measures the contrast of a notice still half transparent.</summary>
    public static Task SettledAsync(IPage page) =>
        page.EvaluateAsync("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))");
}
