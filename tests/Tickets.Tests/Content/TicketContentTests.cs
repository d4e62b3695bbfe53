using LiveChat.Tickets;

namespace LiveChat.Tickets.Tests.Content;

public sealed class TicketContentTests
{
    [Fact]
    public void SubjectIsTheVisitorsQuestionOnOneTrimmedLine()
    {
        Assert.Equal("Does it come in <blue>?", TicketContent.BuildSubject(Samples.Ended()));
    }

    [Fact]
    public void SubjectWithoutQuestionNamesVisitorAndChannel()
    {
        var request = Samples.Ended() with { Question = "   " };
        Assert.Equal("Chat with Sheena Nelson on WhatsApp", TicketContent.BuildSubject(request));

        var anonymous = request with { Contact = new TicketContact(null, null, null), Channel = "webchat" };
        Assert.Equal("Chat with a visitor on Web chat", TicketContent.BuildSubject(anonymous));
    }

    [Fact]
    public void MissedChatSubjectIsPrefixed()
    {
        Assert.Equal("Missed chat: Anyone there?", TicketContent.BuildSubject(Samples.Missed()));
    }

    [Fact]
    public void SubjectIsCappedAt255Characters()
    {
        var subject = TicketContent.BuildSubject(Samples.Missed() with { Question = new string('q', 400) });
        Assert.Equal(255, subject.Length);
        Assert.StartsWith("Missed chat: qqq", subject, StringComparison.Ordinal);
        Assert.EndsWith("…", subject, StringComparison.Ordinal);
    }

    [Fact]
    public void TagsAddTheChannelAndMarkMissedChatsWithoutDuplicates()
    {
        Assert.Equal(["VIP", "whatsapp"], TicketContent.BuildTags(Samples.Ended() with { Tags = ["VIP", " vip ", ""] }));
        Assert.Equal(["Billing", "WhatsApp"], TicketContent.BuildTags(Samples.Ended() with { Tags = ["Billing", "WhatsApp"] }));
        Assert.Equal(["messenger", "missed-chat"], TicketContent.BuildTags(Samples.Missed()));
    }

    [Fact]
    public void TextTranscriptShowsUtcTimesSpeakersAttachmentsSummaryAndLink()
    {
        var text = TicketContent.Build(Samples.Ended()).Text;

        Assert.Contains("[2026-01-05 10:00:03 UTC] Sheena Nelson (visitor): Does it come in <blue>?", text, StringComparison.Ordinal);
        Assert.Contains("[2026-01-05 10:00:40 UTC] Anna Operator (operator): Yes & in red.\n  See the photo.", text, StringComparison.Ordinal);
        Assert.Contains("  Attachment: https://cdn.example/red.jpg", text, StringComparison.Ordinal);
        Assert.Contains("[2026-01-05 10:05:00 UTC] System: Chat ended by the operator.", text, StringComparison.Ordinal);
        Assert.Contains("Summary:\nVisitor asked about colours & sizes.", text, StringComparison.Ordinal);
        Assert.Contains("Chat: https://gw.example/chats/chat-42", text, StringComparison.Ordinal);
        Assert.Contains("Visitor: Sheena Nelson · sheena@example.com · +16505551234", text, StringComparison.Ordinal);
        Assert.Contains("Department: Billing", text, StringComparison.Ordinal);
        Assert.Contains("Reference: livechat-chat-42-transcript", text, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlEscapesAllChatTextAndLinksOnlyWebUrls()
    {
        var html = TicketContent.Build(Samples.Ended()).Html;

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<blue>", html, StringComparison.Ordinal);
        Assert.Contains("Does it come in &lt;blue&gt;? &lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Anna Operator (operator)</strong>: Yes &amp; in red.<br>\nSee the photo.", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://cdn.example/red.jpg\">https://cdn.example/red.jpg</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.Ordinal);
        Assert.Contains("Attachment: javascript:alert(1)", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://gw.example/chats/chat-42\">", html, StringComparison.Ordinal);
        Assert.Contains("Visitor asked about colours &amp; sizes.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlWithinALimitKeepsWholeLinesAndSaysHowManyWereLeftOut()
    {
        var request = Samples.WithLongTranscript(lines: 100, lineLength: 200);
        var rendering = TranscriptHtml.Render(request, 5_000);

        Assert.True(rendering.Html.Length <= 5_000, $"length {rendering.Html.Length}");
        Assert.InRange(rendering.LinesIncluded, 1, 99);
        Assert.Contains($"{100 - rendering.LinesIncluded} more line(s) left out", rendering.Html, StringComparison.Ordinal);
        Assert.Contains($"line {rendering.LinesIncluded - 1:D5}", rendering.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"line {rendering.LinesIncluded:D5}", rendering.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void TextChunksStayWithinTheLimitAndTogetherHoldEveryLine()
    {
        var request = Samples.WithLongTranscript(lines: 300, lineLength: 300);
        var chunks = TranscriptText.Chunks(request, 10_000);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.True(c.Length <= 10_000));
        var all = string.Join("\n", chunks);
        Assert.All(Enumerable.Range(0, 300), i => Assert.Contains($"line {i:D5}", all, StringComparison.Ordinal));
    }

    [Fact]
    public void IdempotencyKeyIsStablePerChatAndKindAndBounded()
    {
        Assert.Equal("livechat-chat-42-transcript", Samples.Ended().IdempotencyKey);
        Assert.Equal("livechat-chat-77-missed", Samples.Missed().IdempotencyKey);

        var longId = Samples.Ended(new string('c', 400));
        Assert.Equal(longId.IdempotencyKey, Samples.Ended(new string('c', 400)).IdempotencyKey);
        Assert.True(longId.IdempotencyKey.Length <= 255);
        Assert.NotEqual(longId.IdempotencyKey, Samples.Ended(new string('c', 401)).IdempotencyKey);
    }

    [Fact]
    public void ReferenceIsShortAndSafeForTagsAndSearches()
    {
        Assert.Equal("livechat-chat-42-transcript", TicketReference.For(Samples.Ended()));

        var odd = TicketReference.For(Samples.Ended("chat 'x' with a rather long id that does not fit"));
        Assert.Matches("^livechat-[0-9a-f]{20}$", odd);
    }
}
