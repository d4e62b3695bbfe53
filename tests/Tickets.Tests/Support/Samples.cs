using LiveChat.Tickets;

namespace LiveChat.Tickets.Tests.Support;

internal static class Samples
{
    public static readonly DateTimeOffset Started = new(2026, 1, 5, 11, 0, 0, TimeSpan.FromHours(1));

    /// <summary>An ended WhatsApp chat: a visitor question with markup, an operator answer with an attachment.</summary>
    public static TicketRequest Ended(string chatId = "chat-42") => new(
        chatId,
        TicketKind.Transcript,
        "  Does it come\n in <blue>?  ",
        new TicketContact("Sheena Nelson", "sheena@example.com", "+16505551234"),
        "whatsapp",
        "dep-billing",
        "Billing",
        ["VIP"],
        "Visitor asked about colours & sizes.",
        [
            new TicketLine("visitor", null, Started.AddSeconds(3), "Does it come in <blue>? <script>alert(1)</script>", []),
            new TicketLine("operator", "Anna Operator", Started.AddSeconds(40), "Yes & in red.\nSee the photo.", ["https://cdn.example/red.jpg", "javascript:alert(1)"]),
            new TicketLine("system", null, Started.AddMinutes(5), "Chat ended by the operator.", []),
        ],
        $"https://gw.example/chats/{chatId}",
        Started,
        Started.AddMinutes(5));

    /// <summary>A missed Messenger chat: only the visitor's question.</summary>
    public static TicketRequest Missed(string chatId = "chat-77") => new(
        chatId,
        TicketKind.Missed,
        "Anyone there?",
        new TicketContact("Bob", null, null),
        "messenger",
        null,
        null,
        [],
        null,
        [new TicketLine("visitor", "Bob", Started, "Anyone there?", [])],
        $"https://gw.example/chats/{chatId}",
        Started,
        Started.AddMinutes(2));

    public static TicketRequest WithLongTranscript(int lines, int lineLength) => Ended() with
    {
        Lines = [.. Enumerable.Range(0, lines).Select(i => new TicketLine(
            i % 2 == 0 ? "visitor" : "operator", i % 2 == 0 ? null : "Anna", Started.AddSeconds(i), $"line {i:D5} " + new string('x', lineLength), []))],
    };

    public static readonly TicketAttempt First = new(1, false);
    public static readonly TicketAttempt AfterAmbiguous = new(2, true);
}
