using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.FileProviders;

namespace LiveChat.Gateway.Hosting;

/// <summary>
/// The console's index.html as the gateway serves it: the page the build produced, with its scripts and styles pointed
/// at their fingerprinted (immutable) copies, an import map for the .NET runtime's module, and preload links for the
/// runtime and the assemblies it will fetch. On a repeat visit the browser then takes everything but this page from
/// its cache without asking, and on any visit it starts fetching the runtime while the page's scripts still load,
/// instead of after <c>blazor.webassembly.js</c> and <c>dotnet.js</c> ran. (Blazor's own placeholders for this,
/// <c>OverrideHtmlAssetPlaceholders</c>, leave no index.html in the output of a project that references the console.)
/// </summary>
public sealed partial class ConsolePage
{
    private const string Prefix = "console/";

    private readonly byte[] _body;
    private readonly string _etag;

    private ConsolePage(string html)
    {
        _body = Encoding.UTF8.GetBytes(html);
        _etag = $"\"{Convert.ToBase64String(SHA256.HashData(_body))}\"";
    }

    /// <summary>The page, or null when the console's index.html is not among the web root's files.</summary>
    public static ConsolePage? Build(IFileProvider webRoot, IReadOnlyList<StaticAssetDescriptor> assets)
    {
        var page = Read(webRoot, $"{Prefix}index.html");
        return page is null ? null : new ConsolePage(Rewrite(page, Fingerprinted(assets), BootResources.Of(Read(webRoot, $"{Prefix}_framework/dotnet.js"))));
    }

    public async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = _etag;
        if (context.Request.Headers.IfNoneMatch.Contains(_etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentLength = _body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(_body, context.RequestAborted);
        }
    }

    private static string? Read(IFileProvider files, string path)
    {
        var file = files.GetFileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        using var reader = new StreamReader(file.CreateReadStream());
        return reader.ReadToEnd();
    }

    private static string Rewrite(string html, Dictionary<string, Asset> assets, BootResources boot)
    {
        // Scripts and styles the page names: their fingerprinted copies where the build made one (cached for a year,
        // never revalidated; a build without them, as `dotnet run`'s, keeps the plain names).
        html = LinkAttribute().Replace(html, match =>
        {
            var value = match.Groups["value"].Value;
            var rooted = value.StartsWith('/');
            var label = rooted ? value[1..] : Prefix + value;
            return assets.TryGetValue(label, out var asset)
                ? $"{match.Groups["name"].Value}=\"{(rooted ? "/" + asset.Route : asset.Route[Prefix.Length..])}\""
                : match.Value;
        });

        var head = new StringBuilder();
        if (assets.TryGetValue($"{Prefix}_framework/dotnet.js", out var dotnet))
        {
            // blazor.webassembly.js imports "./dotnet.js"; the map sends it to the immutable copy.
            head.Append("    <script type=\"importmap\">{\"imports\":{\"./_framework/dotnet.js\":\"./")
                .Append(JavaScriptEncoder.Default.Encode(dotnet.Route[Prefix.Length..]))
                .Append("\"}}</script>\n");
            Preload(head, "modulepreload", dotnet.Route[Prefix.Length..], dotnet.Integrity);
        }

        foreach (var module in boot.Modules)
        {
            Preload(head, "modulepreload", $"_framework/{module}", assets.GetValueOrDefault($"{Prefix}_framework/{module}")?.Integrity);
        }

        // What the runtime fetches with fetch() and this integrity: the preload is the same request, started while
        // the page's own scripts still load.
        foreach (var (name, integrity) in boot.Files)
        {
            Preload(head, "preload", $"_framework/{name}", integrity);
        }

        var at = html.IndexOf("</head>", StringComparison.OrdinalIgnoreCase);
        return at < 0 ? html : html.Insert(at, head.ToString());
    }

    private static void Preload(StringBuilder head, string rel, string href, string? integrity)
    {
        head.Append("    <link rel=\"").Append(rel).Append('"');
        if (rel == "preload")
        {
            head.Append(" as=\"fetch\" crossorigin=\"anonymous\"");
        }

        head.Append(" href=\"").Append(HtmlEncoder.Default.Encode(href)).Append('"');
        if (integrity is not null)
        {
            head.Append(" integrity=\"").Append(HtmlEncoder.Default.Encode(integrity)).Append('"');
        }

        head.Append(" />\n");
    }

    /// <summary>
    /// Each file that has a fingerprinted copy, by its plain path: that copy's route (and its integrity where the
    /// manifest says). Not a copy served uncompressed when the plain file is served compressed (a package's files,
    /// such as MudBlazor's 624 KB stylesheet): a revalidation costs less than that.
    /// </summary>
    private static Dictionary<string, Asset> Fingerprinted(IReadOnlyList<StaticAssetDescriptor> assets)
    {
        var compressed = assets.Where(a => a.Selectors.Count > 0).Select(a => a.Route).ToHashSet(StringComparer.Ordinal);
        var byLabel = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var asset in assets.Where(a => a.Selectors.Count == 0))
        {
            var label = asset.Properties.FirstOrDefault(p => p.Name == "label")?.Value;
            if (label is not null && label != asset.Route && (compressed.Contains(asset.Route) || !compressed.Contains(label)))
            {
                byLabel[label] = new Asset(asset.Route, asset.Properties.FirstOrDefault(p => p.Name == "integrity")?.Value);
            }
        }

        return byLabel;
    }

    /// <summary>
    /// What the .NET runtime will load, read from the boot configuration the build writes into dotnet.js (between
    /// its <c>/*json-start*/</c> and <c>/*json-end*/</c> markers): its two JavaScript modules, and the native
    /// runtime and assemblies with their hashes. Nothing when the file or its markers are not there.
    /// </summary>
    private sealed record BootResources(IReadOnlyList<string> Modules, IReadOnlyList<(string Name, string? Integrity)> Files)
    {
        private static readonly BootResources None = new([], []);

        public static BootResources Of(string? dotnetJs)
        {
            var start = dotnetJs?.IndexOf("/*json-start*/", StringComparison.Ordinal) ?? -1;
            var end = start < 0 ? -1 : dotnetJs!.IndexOf("/*json-end*/", start, StringComparison.Ordinal);
            if (end < 0)
            {
                return None;
            }

            try
            {
                using var config = JsonDocument.Parse(dotnetJs.AsMemory(start + "/*json-start*/".Length, end - start - "/*json-start*/".Length));
                if (!config.RootElement.TryGetProperty("resources", out var resources))
                {
                    return None;
                }

                IEnumerable<JsonElement> Named(string kind) =>
                    resources.TryGetProperty(kind, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [];

                return new BootResources(
                    [.. Named("jsModuleNative").Concat(Named("jsModuleRuntime")).Select(m => m.GetProperty("name").GetString()!)],
                    [.. Named("wasmNative").Concat(Named("coreAssembly")).Concat(Named("assembly"))
                        .Select(f => (f.GetProperty("name").GetString()!, f.TryGetProperty("hash", out var hash) ? hash.GetString() : null))]);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return None;
            }
        }
    }

    private sealed record Asset(string Route, string? Integrity);

    [GeneratedRegex("(?<name>src|href)=\"(?<value>[^\"#?:]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex LinkAttribute();
}
