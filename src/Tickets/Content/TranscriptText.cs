using System.Text;

namespace LiveChat.Tickets;

/// <summary>The plain-text rendering of a ticket: header facts, question, summary, then one block per line.</summary>
internal static class TranscriptText
{
    public static string Render(TicketRequest request) =>
        string.Concat(Header(request).Concat(Lines(request)));

    /// <summary>
    /// The whole rendering cut into pieces of at most <paramref name="maxLength"/> characters, each made
    /// of whole blocks (a single block longer than that is cut on its own), for helpdesks that cap notes.
    /// </summary>
    public static IReadOnlyList<string> Chunks(TicketRequest request, int maxLength)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();
        foreach (var block in Header(request).Concat(Lines(request)))
        {
            var piece = block.Length <= maxLength ? block : SafeText.Cut(block, maxLength - 2) + "…\n";
            if (current.Length + piece.Length > maxLength)
            {
                chunks.Add(current.ToString().TrimEnd());
                current.Clear();
            }

            current.Append(piece);
        }

        if (current.Length > 0)
        {
            chunks.Add(current.ToString().TrimEnd());
        }

        return chunks;
    }

    private static IEnumerable<string> Header(TicketRequest request)
    {
        var header = new StringBuilder();
        header.Append(TicketContent.Title(request)).Append('\n');
        foreach (var (label, value) in TicketContent.Facts(request))
        {
            header.Append(label).Append(": ").Append(value).Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(request.ChatUrl))
        {
            header.Append("Chat: ").Append(request.ChatUrl.Trim()).Append('\n');
        }

        yield return header.ToString();
        if (!string.IsNullOrWhiteSpace(request.Question))
        {
            yield return $"\nQuestion:\n{request.Question.Trim()}\n";
        }

        if (!string.IsNullOrWhiteSpace(request.Summary))
        {
            yield return $"\nSummary:\n{request.Summary.Trim()}\n";
        }

        yield return request.Lines.Count > 0 ? "\nTranscript:\n" : "\nTranscript: no messages.\n";
    }

    private static IEnumerable<string> Lines(TicketRequest request)
    {
        foreach (var line in request.Lines)
        {
            var block = new StringBuilder();
            block.Append('[').Append(TicketContent.Time(line.At)).Append("] ")
                .Append(TicketContent.Speaker(line, request.Contact)).Append(": ")
                .Append(line.Text.Trim().ReplaceLineEndings("\n  ")).Append('\n');
            foreach (var url in line.AttachmentUrls)
            {
                block.Append("  Attachment: ").Append(url).Append('\n');
            }

            yield return block.ToString();
        }
    }
}
