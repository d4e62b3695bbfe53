using System.Text.RegularExpressions;

namespace LiveChat.Channels.DirectLine;

/// <summary>
/// Browser and operating system from a User-Agent, for the operator's visitor panel: the major browsers
/// (Edge, Opera, Samsung Internet, Yandex, Vivaldi via Chrome, Chrome, Firefox, Safari, their iOS variants) and
/// OSes (Windows, macOS, iOS, iPadOS, Android, ChromeOS, Linux). No UA-parser package is available here; this is
/// deliberately small: order matters, because every Chromium browser also says "Chrome" and "Safari".
/// </summary>
public static partial class UserAgentParser
{
    private static readonly (string Name, Regex Pattern)[] s_browsers =
    [
        ("Edge", EdgeRegex()),
        ("Opera", OperaRegex()),
        ("Samsung Internet", SamsungRegex()),
        ("Yandex", YandexRegex()),
        ("Chrome", ChromeIosRegex()),
        ("Firefox", FirefoxIosRegex()),
        ("Chrome", ChromeRegex()),
        ("Firefox", FirefoxRegex()),
        ("Safari", SafariRegex()),
        ("Internet Explorer", IeRegex()),
    ];

    public static (string? Browser, string? Os) Parse(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return (null, null);
        }

        return (Browser(userAgent), Os(userAgent));
    }

    private static string? Browser(string ua)
    {
        foreach (var (name, pattern) in s_browsers)
        {
            var match = pattern.Match(ua);
            if (match.Success)
            {
                // Safari on iOS reports the Version/ of Safari; everything else reports its own major version.
                return $"{name} {match.Groups["v"].Value}";
            }
        }

        return null;
    }

    private static string? Os(string ua)
    {
        Match match;
        if ((match = WindowsRegex().Match(ua)).Success)
        {
            return match.Groups["v"].Value switch
            {
                "10.0" => "Windows 10/11",
                "6.3" => "Windows 8.1",
                "6.2" => "Windows 8",
                "6.1" => "Windows 7",
                _ => "Windows",
            };
        }

        if ((match = IosRegex().Match(ua)).Success)
        {
            var device = match.Groups["d"].Value == "iPad" ? "iPadOS" : "iOS";
            return $"{device} {match.Groups["v"].Value.Replace('_', '.')}";
        }

        if ((match = AndroidRegex().Match(ua)).Success)
        {
            return match.Groups["v"].Success ? $"Android {match.Groups["v"].Value}" : "Android";
        }

        if (ua.Contains("CrOS", StringComparison.Ordinal))
        {
            return "ChromeOS";
        }

        if ((match = MacRegex().Match(ua)).Success)
        {
            return $"macOS {match.Groups["v"].Value.Replace('_', '.')}";
        }

        return ua.Contains("Linux", StringComparison.Ordinal) ? "Linux" : null;
    }

    [GeneratedRegex(@"\bEdg(?:e|A|iOS)?/(?<v>\d+)")]
    private static partial Regex EdgeRegex();

    [GeneratedRegex(@"\b(?:OPR|Opera)/(?<v>\d+)")]
    private static partial Regex OperaRegex();

    [GeneratedRegex(@"\bSamsungBrowser/(?<v>\d+)")]
    private static partial Regex SamsungRegex();

    [GeneratedRegex(@"\bYaBrowser/(?<v>\d+)")]
    private static partial Regex YandexRegex();

    [GeneratedRegex(@"\bCriOS/(?<v>\d+)")]
    private static partial Regex ChromeIosRegex();

    [GeneratedRegex(@"\bFxiOS/(?<v>\d+)")]
    private static partial Regex FirefoxIosRegex();

    [GeneratedRegex(@"\b(?:Headless)?Chrom(?:e|ium)/(?<v>\d+)")]
    private static partial Regex ChromeRegex();

    [GeneratedRegex(@"\bFirefox/(?<v>\d+)")]
    private static partial Regex FirefoxRegex();

    [GeneratedRegex(@"\bVersion/(?<v>\d+)(?:\.\d+)*.*\bSafari/")]
    private static partial Regex SafariRegex();

    [GeneratedRegex(@"(?:\bMSIE (?<v>\d+)|\bTrident/.*\brv:(?<v>\d+))")]
    private static partial Regex IeRegex();

    [GeneratedRegex(@"\bWindows NT (?<v>\d+\.\d+)")]
    private static partial Regex WindowsRegex();

    [GeneratedRegex(@"\((?<d>iPhone|iPad|iPod)\b.*? OS (?<v>\d+(?:_\d+)?)")]
    private static partial Regex IosRegex();

    [GeneratedRegex(@"\bAndroid(?: (?<v>\d+(?:\.\d+)?))?")]
    private static partial Regex AndroidRegex();

    [GeneratedRegex(@"\bMac OS X (?<v>\d+(?:[_.]\d+)?)")]
    private static partial Regex MacRegex();
}
