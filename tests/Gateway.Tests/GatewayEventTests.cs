using LiveChat.Gateway.Events;
using LiveChat.Gateway.Storage;

namespace LiveChat.Gateway.Tests;

/// <summary>The typed event records: each has one wire name, and each payload keeps the shape clients read.</summary>
public sealed class GatewayEventTests
{
    private static readonly DateTimeOffset s_at = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void EveryEventRecordHasItsOwnWireName()
    {
        var records = typeof(GatewayEvent).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(GatewayEvent)) && !t.IsAbstract)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(records, EventType.Records.OrderBy(t => t.Name, StringComparer.Ordinal));
        var names = typeof(EventType).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(records.Count, names.Count);
    }

    [Fact]
    public void PayloadsAreCamelCaseWithoutNulls()
    {
        Assert.Equal(
            """{"chatId":"ch_1","from":{"kind":"visitor","id":"v_1"},"at":"2026-01-02T03:04:05+00:00"}""",
            EventLog.Payload(new ChatTyping("ch_1", new EventActor(ParticipantKind.Visitor, "v_1"), s_at)));
        Assert.Equal(
            """{"chatId":"ch_1","autoEndAt":"2026-01-02T03:04:05+00:00","restarted":true}""",
            EventLog.Payload(new ChatEnding("ch_1", s_at, null, Restarted: true, null)));
        Assert.Equal(
            """{"chatId":"ch_1","operatorId":"ann","action":"requeued","by":{"kind":"system"},"at":"2026-01-02T03:04:05+00:00"}""",
            EventLog.Payload(new ChatUnassigned("ch_1", "ann", null, null, "requeued", new EventActor(ParticipantKind.System, null), s_at)));
    }

    [Fact]
    public void AnAlertCarriesTheQueuedPayloadAndAFailureTheStatusPayload()
    {
        var queued = new ChatQueued("ch_1", "webchat", "sales", null, new EventVisitor("v_1", "Vera"), s_at);
        Assert.Equal(EventLog.Payload(queued), EventLog.Payload(new ChatAlert(queued)));
        Assert.Equal(EventType.ChatAlert, EventType.NameOf(new ChatAlert(queued)));
        Assert.Equal(EventType.ChatQueued, EventType.NameOf(queued));

        var status = new ChatMessageStatus("ch_1", "m_1", "failed", s_at, new MessageError("470", "Window closed"));
        Assert.Equal(
            """{"chatId":"ch_1","messageId":"m_1","status":"failed","at":"2026-01-02T03:04:05+00:00","error":{"code":"470","message":"Window closed"}}""",
            EventLog.Payload(new ChatMessageFailed(status)));
        Assert.Equal(EventType.ChatMessageFailed, EventType.NameOf(new ChatMessageFailed(status)));
    }

    [Fact]
    public void AnExpiredRequestSendsTheRequestItselfUnderItsKindsName()
    {
        var request = new RequestView("rq_1", "ch_1", RequestKind.Invite, "ann", "bob", null, null, RequestState.Expired, s_at, s_at);
        var expired = ChatRequestExpired.Of(request);

        Assert.Equal(EventType.ChatInviteExpired, EventType.NameOf(expired));
        Assert.Equal(
            """{"id":"rq_1","chatId":"ch_1","kind":"invite","fromOperatorId":"ann","toOperatorId":"bob","state":"expired","createdAt":"2026-01-02T03:04:05+00:00","expiresAt":"2026-01-02T03:04:05+00:00"}""",
            EventLog.Payload(expired));
    }
}
