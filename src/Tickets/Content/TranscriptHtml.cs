using System.Text;

namespace LiveChat.Tickets;

/// <summary>
/// The HTML rendering of a ticket. Every piece of chat data is HTML-encoded; only absolute http(s) URLs
/// become links, so a <c>javascript:</c> "attachment" stays inert text.
/// </summary>
internal static class TranscriptHtml
{
    public sealed record Rendering(string Html, int LinesIncluded);

    /// <summary>
    /// Renders at most <paramref name="maxLength"/> characters: whole transcript lines are added while
    /// they fit, then a note says how many lines were left out.
    /// </summary>
    public static Rendering Render(TicketRequest request, int maxLength)
    {
        var html = new StringBuilder(Header(request));
        var included = 0;
        foreach (var line in request.Lines)
        {
            var block = Line(line, request.Contact);
            var remaining = request.Lines.Count - included - 1;
            var reserve = remaining > 0 ? Omitted(remaining + 1).Length : 0;
            if (html.Length + block.Length + reserve > maxLength)
            {
                html.Append(Omitted(request.Lines.Count - included));
                return new Rendering(html.ToString(), included);
            }

            html.Append(block);
            included++;
        }

        return new Rendering(html.ToString(), included);
    }

    private static string Header(TicketRequest request)
    {
        var html = new StringBuilder();
        html.Append("<p><strong>").Append(E(TicketContent.Title(request))).Append("</strong></p>\n<p>");
        var facts = TicketContent.Facts(request).Select(f => $"{E(f.Label)}: {E(f.Value)}").ToList();
        if (!string.IsNullOrWhiteSpace(request.ChatUrl))
        {
            facts.Add("Chat: " + Link(request.ChatUrl.Trim()));
        }

        html.Append(string.Join("<br>\n", facts)).Append("</p>\n");
        if (!string.IsNullOrWhiteSpace(request.Question))
        {
            html.Append("<p><strong>Question</strong><br>\n").Append(Multiline(request.Question)).Append("</p>\n");
        }

        if (!string.IsNullOrWhiteSpace(request.Summary))
        {
            html.Append("<p><strong>Summary</strong><br>\n").Append(Multiline(request.Summary)).Append("</p>\n");
        }

        html.Append(request.Lines.Count > 0 ? "<p><strong>Transcript</strong></p>\n" : "<p><strong>Transcript</strong>: no messages.</p>\n");
        return html.ToString();
    }

    private static string Line(TicketLine line, TicketContact contact)
    {
        var html = new StringBuilder("<p>");
        html.Append('[').Append(E(TicketContent.Time(line.At))).Append("] <strong>")
            .Append(E(TicketContent.Speaker(line, contact))).Append("</strong>: ")
            .Append(Multiline(line.Text));
        foreach (var url in line.AttachmentUrls)
        {
            html.Append("<br>\nAttachment: ").Append(Link(url));
        }

        return html.Append("</p>\n").ToString();
    }

    private static string Omitted(int count) =>
        $"<p><em>{count} more line(s) left out here for length; the full transcript follows as private notes.</em></p>\n";

    private static string Link(string url) =>
        TicketContent.IsWebLink(url) ? $"<a href=\"{E(url)}\">{E(url)}</a>" : E(url);

    private static string Multiline(string text) => E(text.Trim()).ReplaceLineEndings("<br>\n");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
