using LiveChat.Channels.Activities;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Tickets;
using LiveChat.Tickets;

namespace LiveChat.Gateway.Tests.Tickets;

public sealed class TicketRequestBuilderTests
{
    private static readonly DateTimeOffset s_now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private static readonly TicketRequestBuilder.ChatFacts s_chat = new()
    {
        Id = "chat_1",
        Channel = "whatsapp",
        Question = "Where is my order?",
        DepartmentId = "dep_1",
        DepartmentName = "Shipping",
        StartedAt = s_now.AddMinutes(-10),
        EndedAt = null,
        VisitorName = "Lea",
        VisitorPhone = "+4917000",
    };

    private static readonly MessageView[] s_messages =
    [
        Message("visitor", "Lea", "Where is my order?", "/api/v1/media/whatsapp/m1", "https://cdn.example.test/x.png"),
        Message("operator", "Anna", "   ", null, null),
        Message("operator", "Anna", "It ships today.", null, null),
    ];

    [Fact]
    public void GatewayLinksBecomeAbsoluteUnderThePublicBaseUrl()
    {
        var request = TicketRequestBuilder.Build(s_chat, TicketKind.Transcript, ["vip"], "Order ships today.", s_messages, "https://chat.example.test/", s_now);

        Assert.Equal("https://chat.example.test/console/chats/chat_1", request.ChatUrl);
        Assert.Equal(["https://chat.example.test/api/v1/media/whatsapp/m1", "https://cdn.example.test/x.png"], request.Lines[0].AttachmentUrls);
        Assert.Equal(2, request.Lines.Count);
        Assert.Equal(("operator", "Anna", "It ships today."), (request.Lines[1].SpeakerKind, request.Lines[1].SpeakerName, request.Lines[1].Text));
        Assert.Equal(s_now, request.EndedAt);
        Assert.Equal("Shipping", request.DepartmentName);
        Assert.Equal(new TicketContact("Lea", null, "+4917000"), request.Contact);
    }

    [Fact]
    public void WithoutAPublicBaseUrlThereIsNoChatLinkAndPathsStayAsTheyAre()
    {
        var request = TicketRequestBuilder.Build(s_chat, TicketKind.Missed, [], null, s_messages, null, s_now);

        Assert.Null(request.ChatUrl);
        Assert.Equal("/api/v1/media/whatsapp/m1", request.Lines[0].AttachmentUrls[0]);
        Assert.Equal(TicketKind.Missed, request.Kind);
    }

    private static MessageView Message(string kind, string name, string text, string? url, string? other) =>
        new(
            Guid.NewGuid().ToString("N"),
            "chat_1",
            new SenderView(kind, null, name),
            "message",
            text,
            [.. new[] { url, other }.OfType<string>().Select(u => new AttachmentView { ContentType = "image/png", ContentUrl = u })],
            s_now.AddMinutes(-5),
            "sent",
            null,
            Internal: false);
}
