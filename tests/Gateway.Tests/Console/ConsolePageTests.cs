using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace LiveChat.Gateway.Tests.Console;

/// <summary>
/// The console's page as the gateway serves it: everything it links is a fingerprinted file the browser may keep
/// without asking again, and what it preloads is exactly what the .NET runtime will fetch (same URL, same integrity),
/// so a repeat visit asks the gateway for this page alone.
/// </summary>
public sealed partial class ConsolePageTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private GatewayApp _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        _app = new GatewayApp(_database);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task EveryPageOfTheConsoleIsThePageRevalidatedEachVisitAndAnsweredNotModifiedWhenUnchanged()
    {
        var client = _app.Anonymous();

        var root = await client.GetAsync("/console/");
        var deep = await client.GetAsync("/console/chats/chat_123");

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal("text/html", root.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", root.Headers.CacheControl?.ToString());
        Assert.Equal(await root.Content.ReadAsStringAsync(), await deep.Content.ReadAsStringAsync());
        using var head = new HttpRequestMessage(HttpMethod.Head, "/console/");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(head)).StatusCode);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/console/signin");
        again.Headers.IfNoneMatch.Add(root.Headers.ETag!);
        var revalidated = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ScriptsAndStylesAreTheirFingerprintedCopiesAndThePreloadsAreWhatTheRuntimeLoadsWithItsIntegrity()
    {
        var client = _app.Anonymous();
        var html = await client.GetStringAsync("/console/");
        var console = new Uri(client.BaseAddress!, "/console/");

        var scripts = Links(html, "script", "src");
        var styles = Links(html, "link", "href").Where(l => l.Attributes.Contains("stylesheet", StringComparison.Ordinal)).ToList();
        var preloads = Links(html, "link", "href").Where(l => l.Attributes.Contains("preload", StringComparison.Ordinal)).ToList();

        // The console's own files have fingerprinted, compressed copies in every build (blazor.webassembly.js and
        // dotnet.js only when published: then the page links those copies too; MudBlazor's copies are uncompressed,
        // so its plain, compressed files stay linked). A published gateway serves the copies
        // as immutable; a build's (this test's) still revalidates them. The benchmark's repeat visit shows the former.
        Assert.Contains(scripts, s => Fingerprinted().IsMatch(s.Url) && s.Url.StartsWith("js/console.", StringComparison.Ordinal));
        Assert.Contains(styles, s => Fingerprinted().IsMatch(s.Url) && s.Url.StartsWith("css/console.", StringComparison.Ordinal));
        Assert.Contains(preloads, p => p.Url.StartsWith("_framework/dotnet.native.", StringComparison.Ordinal) && p.Url.EndsWith(".wasm", StringComparison.Ordinal));
        Assert.Contains(preloads, p => p.Url.StartsWith("_framework/LiveChat.Console.", StringComparison.Ordinal));
        Assert.Contains(preloads, p => p.Url.StartsWith("_framework/dotnet.runtime.", StringComparison.Ordinal) && p.Attributes.Contains("modulepreload", StringComparison.Ordinal));
        foreach (var link in scripts.Concat(styles))
        {
            // Never a copy sent uncompressed where the plain file is compressed (MudBlazor's copies are not: plain links).
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(console, link.Url));
            request.Headers.AcceptEncoding.ParseAdd("gzip, br");
            var compressed = await client.SendAsync(request);
            Assert.True(compressed.Content.Headers.ContentEncoding.Count > 0, $"{link.Url} is sent uncompressed");
        }

        foreach (var link in scripts.Concat(styles).Concat(preloads))
        {
            var response = await client.GetAsync(new Uri(console, link.Url));
            Assert.True(response.IsSuccessStatusCode, $"{link.Url} answered {(int)response.StatusCode}");
            if (IntegrityOf(link.Attributes) is { } integrity)
            {
                var body = await response.Content.ReadAsByteArrayAsync();
                Assert.Equal(integrity, "sha256-" + Convert.ToBase64String(SHA256.HashData(body)));
            }
        }
    }

    private static List<(string Url, string Attributes)> Links(string html, string element, string attribute) =>
        Regex.Matches(html, $"<{element}\\b(?<attrs>[^>]*)>")
            .Select(m => m.Groups["attrs"].Value)
            .Select(attrs => (Url: Regex.Match(attrs, $"\\b{attribute}=\"(?<url>[^\"]+)\"").Groups["url"].Value, Attributes: attrs))
            .Where(l => l.Url.Length > 0 && !l.Url.StartsWith("data:", StringComparison.Ordinal))
            .ToList();

    private static string? IntegrityOf(string attributes) =>
        Regex.Match(attributes, "integrity=\"(?<value>[^\"]+)\"") is { Success: true } match ? System.Net.WebUtility.HtmlDecode(match.Groups["value"].Value) : null;

    [GeneratedRegex(@"\.[a-z0-9]{10}\.(js|css)$")]
    private static partial Regex Fingerprinted();
}
