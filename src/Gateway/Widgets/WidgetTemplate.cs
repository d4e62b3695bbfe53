using System.Text.RegularExpressions;

namespace LiveChat.Gateway.Widgets;

/// <summary>
/// A widget's URL template: an absolute http(s) URL with placeholders such as <c>{chatId}</c> in its path and query,
/// never in its scheme or host (a customer's email cannot move the call to another server) and without a fragment (the
/// gateway puts the iframe's token there).
/// </summary>
public static partial class WidgetTemplate
{
    public const int MaxLength = 2000;

    private static readonly Dictionary<string, Func<WidgetContext, string?>> s_placeholders = new(StringComparer.Ordinal)
    {
        ["chatId"] = c => c.ChatId,
        ["visitorId"] = c => c.VisitorId,
        ["visitorName"] = c => c.VisitorName,
        ["email"] = c => c.Email,
        ["phone"] = c => c.Phone,
        ["operatorId"] = c => c.OperatorId,
        ["operatorEmail"] = c => c.OperatorEmail,
        ["departmentId"] = c => c.DepartmentId,
    };

    public static IEnumerable<string> Placeholders => s_placeholders.Keys.Select(k => $"{{{k}}}");

    /// <summary>Why the template cannot be used, as a sentence naming 'urlTemplate'; null when it is fine.</summary>
    public static string? Problem(string? template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return "'urlTemplate' is required.";
        }

        if (template.Length > MaxLength)
        {
            return $"'urlTemplate' is longer than {MaxLength} characters.";
        }

        if (Placeholder().Matches(template).Select(m => m.Groups[1].Value).FirstOrDefault(name => !s_placeholders.ContainsKey(name)) is { } unknown)
        {
            return $"'urlTemplate' names {{{unknown}}}, which is not a placeholder; use {string.Join(", ", Placeholders)}.";
        }

        var sample = Placeholder().Replace(template, "x");
        if (sample.Contains('{', StringComparison.Ordinal) || sample.Contains('}', StringComparison.Ordinal))
        {
            return "'urlTemplate' has a '{' or '}' that is not part of a placeholder such as {chatId}.";
        }

        if (!Uri.TryCreate(sample, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return "'urlTemplate' must be an absolute http or https URL, such as https://crm.example.com/customer?email={email}.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "'urlTemplate' must not carry a user name or password.";
        }

        if (template.Contains('#', StringComparison.Ordinal))
        {
            return "'urlTemplate' must not have a #fragment: the gateway puts the signed token there.";
        }

        var authorityEnd = template.IndexOfAny(['/', '?'], template.IndexOf("://", StringComparison.Ordinal) + 3);
        return template[..(authorityEnd < 0 ? template.Length : authorityEnd)].Contains('{', StringComparison.Ordinal)
            ? "'urlTemplate' may use placeholders in its path and query only, not in its scheme or host."
            : null;
    }

    /// <summary>The template with each placeholder replaced by its URL-encoded value (empty when the chat has none).</summary>
    public static string Expand(string template, WidgetContext context) =>
        Placeholder().Replace(template, m => Uri.EscapeDataString(s_placeholders[m.Groups[1].Value](context) ?? string.Empty));

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}

/// <summary>What a widget's URL template may name about the chat; every value is URL-encoded where it lands.</summary>
public sealed record WidgetContext(
    string ChatId,
    string VisitorId,
    string? VisitorName,
    string? Email,
    string? Phone,
    string OperatorId,
    string? OperatorName,
    string? OperatorEmail,
    string DepartmentId,
    string? DepartmentName);
