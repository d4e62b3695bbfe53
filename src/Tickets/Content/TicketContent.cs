using System.Globalization;
using System.Text;

namespace LiveChat.Tickets;

/// <summary>
/// What goes into a ticket, decided from the request alone: subject, tags and the transcript as plain
/// text and as HTML (all message text escaped). Pure, so every helpdesk renders the same ticket.
/// </summary>
public sealed record TicketContent(string Subject, string Text, string Html, IReadOnlyList<string> Tags)
{
    public const int MaxSubjectLength = 255;
    public const string MissedPrefix = "Missed chat: ";
    public const string MissedTag = "missed-chat";

    public static TicketContent Build(TicketRequest request) =>
        new(BuildSubject(request), TranscriptText.Render(request), TranscriptHtml.Render(request, int.MaxValue).Html, BuildTags(request));

    /// <summary>The visitor's question on one line, else "Chat with {name} on {channel}"; missed chats are prefixed.</summary>
    public static string BuildSubject(TicketRequest request)
    {
        var question = OneLine(request.Question);
        var core = question.Length > 0
            ? question
            : $"Chat with {VisitorName(request.Contact) ?? "a visitor"} on {ChannelName(request.Channel)}";
        var subject = request.Kind == TicketKind.Missed ? MissedPrefix + core : core;
        return subject.Length <= MaxSubjectLength ? subject : subject[..(MaxSubjectLength - 1)].TrimEnd() + "…";
    }

    /// <summary>The chat's tags (trimmed, de-duplicated), the channel, and <see cref="MissedTag"/> for missed chats.</summary>
    public static IReadOnlyList<string> BuildTags(TicketRequest request)
    {
        var tags = new List<string>();
        var extra = new[] { request.Channel.Trim().ToLowerInvariant(), request.Kind == TicketKind.Missed ? MissedTag : "" };
        foreach (var tag in request.Tags.Concat(extra))
        {
            var trimmed = tag.Trim();
            if (trimmed.Length > 0 && !tags.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
            {
                tags.Add(trimmed);
            }
        }

        return tags;
    }

    public static string ChannelName(string channel) => channel.Trim().ToLowerInvariant() switch
    {
        "whatsapp" => "WhatsApp",
        "messenger" => "Messenger",
        "instagram" => "Instagram",
        "webchat" => "Web chat",
        _ => channel.Trim(),
    };

    /// <summary>The best human name for the visitor: name, else e-mail, else phone.</summary>
    public static string? VisitorName(TicketContact contact) =>
        new[] { contact.Name, contact.Email, contact.Phone }.Select(v => v?.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    /// <summary>"Anna (operator)", "Sheena Nelson (visitor)", "System".</summary>
    public static string Speaker(TicketLine line, TicketContact contact)
    {
        var kind = line.SpeakerKind.Trim().ToLowerInvariant();
        var name = string.IsNullOrWhiteSpace(line.SpeakerName) ? null : line.SpeakerName.Trim();
        return kind switch
        {
            "system" => name is null ? "System" : $"{name} (system)",
            "visitor" => $"{name ?? VisitorName(contact) ?? "Visitor"} (visitor)",
            "operator" => $"{name ?? "Operator"} (operator)",
            "bot" => $"{name ?? "Bot"} (bot)",
            _ => name is null ? kind : $"{name} ({kind})",
        };
    }

    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The header facts shared by both renderings, as (label, value) pairs.</summary>
    internal static IEnumerable<(string Label, string Value)> Facts(TicketRequest request)
    {
        yield return ("Channel", ChannelName(request.Channel));
        if (!string.IsNullOrWhiteSpace(request.DepartmentName ?? request.DepartmentId))
        {
            yield return ("Department", (request.DepartmentName ?? request.DepartmentId)!.Trim());
        }

        var contact = string.Join(" · ", new[] { request.Contact.Name, request.Contact.Email, request.Contact.Phone }
            .Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()));
        yield return ("Visitor", contact.Length > 0 ? contact : "unknown");
        yield return ("Started", Time(request.StartedAt));
        yield return (request.Kind == TicketKind.Missed ? "Missed" : "Ended", Time(request.EndedAt));
        var tags = BuildTags(request);
        if (tags.Count > 0)
        {
            yield return ("Tags", string.Join(", ", tags));
        }

        yield return ("Reference", TicketReference.For(request));
    }

    internal static string Title(TicketRequest request) =>
        request.Kind == TicketKind.Missed ? "Missed chat" : "Chat transcript";

    internal static string OneLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        return builder.ToString();
    }

    internal static bool IsWebLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
