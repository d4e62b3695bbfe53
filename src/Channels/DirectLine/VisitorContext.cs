using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using Microsoft.AspNetCore.Http;

namespace LiveChat.Channels.DirectLine;

/// <summary>
/// The visitor's context from what a Direct Line request carries: <c>channelData.visitor</c> (the pre-chat form and
/// the page, as the widget sends them), the activity's locale and sender name, the User-Agent, Accept-Language, and
/// the country header a trusted proxy sets. New values win; what a request does not say is kept.
/// </summary>
public static class VisitorContext
{
    private const int MaxField = 500;
    private const int MaxUrl = 2000;

    public static VisitorProfile Merge(VisitorProfile known, Activity activity, IHeaderDictionary headers, string? countryHeader)
    {
        var sent = activity.ChannelData is { ValueKind: JsonValueKind.Object } data
            && data.TryGetProperty("visitor", out var visitor) && visitor.ValueKind == JsonValueKind.Object
                ? visitor
                : (JsonElement?)null;
        var (browser, os) = UserAgentParser.Parse(headers.UserAgent.ToString());
        return new VisitorProfile
        {
            Name = Text(sent, "name", MaxField) ?? Clip(activity.From?.Name, MaxField) ?? known.Name,
            Email = Email(Text(sent, "email", MaxField)) ?? known.Email,
            Phone = Text(sent, "phone", 50) ?? known.Phone,
            Page = Url(Text(sent, "page", MaxUrl)) ?? known.Page,
            PageTitle = Text(sent, "pageTitle", MaxField) ?? known.PageTitle,
            Referrer = Url(Text(sent, "referrer", MaxUrl)) ?? known.Referrer,
            Language = Language(Text(sent, "language", 35) ?? activity.Locale ?? FirstLanguage(headers.AcceptLanguage.ToString())) ?? known.Language,
            Country = Country(countryHeader is { Length: > 0 } ? headers[countryHeader].ToString() : null) ?? known.Country,
            Browser = browser ?? known.Browser,
            Os = os ?? known.Os,
            DepartmentId = Text(sent, "departmentId", 100) ?? known.DepartmentId,
            Question = Text(sent, "question", MaxField) ?? known.Question,
        };
    }

    private static string? Text(JsonElement? source, string property, int max) =>
        source is { } element && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? Clip(value.GetString(), max)
            : null;

    private static string? Clip(string? value, int max)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : SafeText.Cut(trimmed, max);
    }

    private static string? Email(string? value) =>
        value is not null && value.IndexOf('@', StringComparison.Ordinal) > 0 && !value.Contains(' ', StringComparison.Ordinal) ? value : null;

    private static string? Url(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? value : null;

    internal static string? FirstLanguage(string? acceptLanguage) =>
        Clip(acceptLanguage?.Split(',')[0].Split(';')[0], 35);

    private static string? Language(string? tag) =>
        tag is not null && tag != "*" && tag.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? tag : null;

    /// <summary>ISO 3166 alpha-2 only; Cloudflare's XX (unknown) and T1 (Tor) mean "not known".</summary>
    internal static string? Country(string? header) =>
        header?.Trim() is { Length: 2 } code && code.All(char.IsAsciiLetter) && code.ToUpperInvariant() is var upper && upper is not ("XX" or "T1")
            ? upper
            : null;
}
