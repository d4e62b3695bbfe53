using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Bots;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Transcripts;
using LiveChat.Gateway.Storage;

namespace LiveChat.Gateway.Tests.Chats;

/// <summary>The rules of the operators' chat actions, decided without a database.</summary>
public sealed class ChatActionDecisionTests
{
    private static OperatorSnapshot Op(string id, string role = "agent", bool online = true, int capacity = 3, string department = "sales") => new()
    {
        Id = id,
        Name = id.ToUpperInvariant(),
        Role = role,
        Status = online ? "online" : "offline",
        MaxConcurrentChats = capacity,
        DepartmentIds = new HashSet<string> { department },
    };

    private static ChatAction Action(string state, OperatorSnapshot me, string? owner = "ann", params string[] invited) => new(
        me,
        new ChatRef { Id = "ch_1", Channel = "webchat", ConversationKey = "k", VisitorId = "v", DepartmentId = "sales", State = state },
        [.. (owner is null ? [] : new[] { new ChatOperator(owner, ParticipantRole.Owner) }), .. invited.Select(i => new ChatOperator(i, ParticipantRole.Invited))]);

    [Fact]
    public void TheOwnerEndsTheirChatNowOrLater()
    {
        Assert.Null(EndChat.Decide(Action(ChatState.Active, Op("ann")), 0));
        Assert.Null(EndChat.Decide(Action(ChatState.Ending, Op("ann")), 60));
    }

    [Fact]
    public void AnInvitedOperatorAndASupervisorMayEndAChatButAColleagueOutsideItMayNot()
    {
        Assert.Null(EndChat.Decide(Action(ChatState.Active, Op("bob"), "ann", "bob"), 0));
        Assert.Null(EndChat.Decide(Action(ChatState.Active, Op("sue", role: "supervisor")), 0));

        var refusal = EndChat.Decide(Action(ChatState.Active, Op("bob")), 0);
        Assert.Equal(RefusalKind.Forbidden, refusal?.Kind);
        Assert.Equal("Only the operators in this chat (or a supervisor) can end it.", refusal?.Detail);
    }

    [Fact]
    public void ABotsChatEndsOnlyAtOnceAndAClosedOneNotAtAll()
    {
        Assert.Null(EndChat.Decide(Action(ChatState.Bot, Op("sue", role: "supervisor"), owner: null), 0));
        Assert.Equal(new Refusal(RefusalKind.Conflict, "The chat is with a bot."), EndChat.Decide(Action(ChatState.Bot, Op("sue", role: "supervisor"), owner: null), 30));
        Assert.Equal(new Refusal(RefusalKind.Conflict, "The chat has ended."), EndChat.Decide(Action(ChatState.Ended, Op("ann")), 0));
        Assert.Equal(RefusalKind.Conflict, EndChat.Decide(Action(ChatState.Queued, Op("ann"), owner: null), 0)?.Kind);
    }

    [Fact]
    public void TheStateIsCheckedBeforeWhoAsks() =>
        Assert.Equal(RefusalKind.Conflict, EndChat.Decide(Action(ChatState.Missed, Op("bob")), 0)?.Kind);

    [Fact]
    public void OnlyTheOwnerOrASupervisorTransfers()
    {
        Assert.Null(TransferChat.Decide(Action(ChatState.Active, Op("ann"))));
        Assert.Null(TransferChat.Decide(Action(ChatState.Active, Op("sue", role: "admin"))));
        Assert.Equal(
            Refusal.Forbidden("Only the chat's owner (or a supervisor) can transfer it."),
            TransferChat.Decide(Action(ChatState.Active, Op("bob"), "ann", "bob")));
        Assert.Equal(Refusal.Conflict("The chat is still waiting in the queue; nobody has picked it up."), TransferChat.Decide(Action(ChatState.Queued, Op("ann"))));
    }

    [Fact]
    public void ATransferTargetMustWorkInTheDepartmentTheChatGoesTo()
    {
        Assert.Null(TransferChat.DecideTarget(Op("bob", department: "support"), "support"));
        Assert.Null(TransferChat.DecideTarget(Op("sue", role: "supervisor", department: "sales"), "support"));
        Assert.Equal(RefusalKind.Invalid, TransferChat.DecideTarget(Op("bob", department: "sales"), "support")?.Kind);
    }

    [Fact]
    public void TakingOverNeedsToBeOnlineWithRoomForOneMore()
    {
        Assert.Null(TransferChat.DecideAccept(Op("bob", capacity: 3), 2));
        Assert.Equal("You are offline. Go online to take over chats.", TransferChat.DecideAccept(Op("bob", online: false), 0)?.Detail);
        Assert.Equal("You are at your limit of 3 open chats. End one first.", TransferChat.DecideAccept(Op("bob", capacity: 3), 3)?.Detail);
    }

    [Fact]
    public void ATransferIsAnsweredOnlyByWhomItIsAddressedTo()
    {
        var toBob = new ChatRequest { Id = "x", ChatId = "ch_1", Kind = RequestKind.Transfer, FromOperatorId = "ann", ToOperatorId = "bob", State = RequestState.Pending };

        Assert.Null(TransferChat.DecideAnswer(Op("bob"), toBob));
        Assert.Equal(RefusalKind.Forbidden, TransferChat.DecideAnswer(Op("cat"), toBob)?.Kind);
        Assert.Equal(RefusalKind.Conflict, TransferChat.DecideAnswer(Op("bob"), null)?.Kind);
        Assert.Equal(RefusalKind.Forbidden, TransferChat.DecideAnswer(null, toBob)?.Kind);
    }

    [Fact]
    public void OperatorsInTheChatInviteOthersWhoAreNotInItYet()
    {
        var action = Action(ChatState.Ending, Op("bob"), "ann", "bob");

        Assert.Null(InviteOperator.Decide(action));
        Assert.Null(InviteOperator.DecideTarget(action, Op("cat")));
        Assert.Equal(Refusal.Conflict("ANN is in this chat already."), InviteOperator.DecideTarget(action, Op("ann")));
        Assert.Equal(RefusalKind.Forbidden, InviteOperator.Decide(Action(ChatState.Active, Op("cat")))?.Kind);
    }

    [Fact]
    public void TheOwnerCannotLeaveAndAnOutsiderIsNotToldWhoIsIn()
    {
        var chat = Action(ChatState.Active, Op("ann")).Chat;

        Assert.Null(InviteOperator.DecideLeave(Op("bob"), chat, left: true, owner: "ann"));
        Assert.Equal("The owner cannot leave the chat; transfer it or end it.", InviteOperator.DecideLeave(Op("ann"), chat, left: false, owner: "ann")?.Detail);
        Assert.Equal("You are not in this chat.", InviteOperator.DecideLeave(Op("bob"), chat, left: false, owner: "ann")?.Detail);
        Assert.Equal(RefusalKind.Forbidden, InviteOperator.DecideLeave(Op("eve", department: "support"), chat, left: false, owner: "ann")?.Kind);
    }

    [Fact]
    public void OnlyTheChatsOperatorsWriteAndOnlyWhileAnOperatorHasIt()
    {
        Assert.Null(ReplyToChat.Decide(ChatState.Active, inChat: true, otherDepartment: false));
        Assert.Equal(RefusalKind.Forbidden, ReplyToChat.Decide(ChatState.Active, inChat: false, otherDepartment: true)?.Kind);
        Assert.Equal("The chat is bot; only active chats can be written to.", ReplyToChat.Decide(ChatState.Bot, inChat: true, otherDepartment: false)?.Detail);
        Assert.Equal(
            "You are not in this chat; pick it up or accept an invitation first.",
            ReplyToChat.Decide(ChatState.Active, inChat: false, otherDepartment: false)?.Detail);
    }

    [Fact]
    public void AChatGoesBackToABotThatExists()
    {
        Assert.Null(HandBackToBot.Decide(Action(ChatState.Active, Op("ann"))));
        Assert.Equal(RefusalKind.Conflict, HandBackToBot.Decide(Action(ChatState.Bot, Op("ann"), owner: null))?.Kind);
        Assert.Null(HandBackToBot.DecideBot("Echo", known: true));
        Assert.Equal("There is no bot named 'Nobody'.", HandBackToBot.DecideBot("Nobody", known: false)?.Detail);
        Assert.Equal("No bot answers this chat's channel or department.", HandBackToBot.DecideBot(null, known: false)?.Detail);
    }

    [Fact]
    public void ASupervisorReassignsAnyChatNotYetClosedButNotToWhoHasItInTheSameDepartment()
    {
        var action = Action(ChatState.Active, Op("sue", role: "supervisor"));

        Assert.Null(ReassignChat.Decide(Action(ChatState.Bot, Op("sue", role: "supervisor"), owner: null)));
        Assert.Equal(RefusalKind.Conflict, ReassignChat.Decide(Action(ChatState.Missed, Op("sue", role: "supervisor"), owner: null))?.Kind);
        Assert.Equal(Refusal.Conflict("ANN has this chat already."), ReassignChat.DecideTarget(action, Op("ann"), movesDepartment: false));
        Assert.Null(ReassignChat.DecideTarget(action, Op("ann"), movesDepartment: true));
        Assert.Null(ReassignChat.DecideTarget(action, Op("bob"), movesDepartment: false));
    }

    [Fact]
    public void AnOnlineOperatorOfTheDepartmentPicksUpAChatUntilTheirLimit()
    {
        Assert.Null(PickUpChat.Check(Op("ann"), "sales", openChats: 2));
        Assert.Null(PickUpChat.Check(Op("sue", role: "supervisor", department: "support"), "sales", openChats: 0));
        Assert.Equal(RefusalKind.Forbidden, PickUpChat.Check(Op("bob", department: "support"), "sales", openChats: 0)?.Kind);
        Assert.Equal("You are offline. Go online to pick up chats.", PickUpChat.Check(Op("ann", online: false), "sales", openChats: 0)?.Detail);
        Assert.Equal(
            "You already have 3 open chats, your limit is 3. End one first.",
            PickUpChat.Check(Op("ann"), "sales", openChats: 3)?.Detail);
    }

    [Fact]
    public void TagsAreTrimmedKeptOnceAndSorted() =>
        Assert.Equal(["Billing", "VIP", "vip"], TagChat.Normalize([" VIP", "vip", "Billing ", "VIP"]));

    [Fact]
    public void APresenceHeartbeatIsNewsOnlyWhenItStartsAViewOrChangesTyping()
    {
        Assert.True(ChatPresence.Changes(wasLive: false, wasTyping: false, typing: false));
        Assert.True(ChatPresence.Changes(wasLive: true, wasTyping: false, typing: true));
        Assert.True(ChatPresence.Changes(wasLive: true, wasTyping: true, typing: false));
        Assert.False(ChatPresence.Changes(wasLive: true, wasTyping: true, typing: true));
        Assert.False(ChatPresence.Changes(wasLive: true, wasTyping: false, typing: false));
    }

    [Fact]
    public void OnlyAFailedReplyOfAnOpenChatIsSentAgain()
    {
        static RetryMessage.FailedMessage Message(string sender, DeliveryState status) =>
            new() { Id = "msg_1", Channel = "whatsapp", SenderKind = sender, Status = (int)status };
        var open = Action(ChatState.Active, Op("ann")).Chat;

        Assert.Null(RetryMessage.Decide(open, "msg_1", Message(ParticipantKind.Operator, DeliveryState.Failed)));
        Assert.Null(RetryMessage.Decide(open, "msg_1", Message(ParticipantKind.Bot, DeliveryState.Failed)));
        Assert.Equal(new Refusal(RefusalKind.NotFound, "There is no message 'msg_9'."), RetryMessage.Decide(open, "msg_9", null));
        Assert.Equal(
            new Refusal(RefusalKind.Conflict, "Only a reply that failed can be sent again."),
            RetryMessage.Decide(open, "msg_1", Message(ParticipantKind.Operator, DeliveryState.Sent)));
        Assert.Equal(
            new Refusal(RefusalKind.Conflict, "Only a reply that failed can be sent again."),
            RetryMessage.Decide(open, "msg_1", Message(ParticipantKind.Visitor, DeliveryState.Failed)));
        Assert.Equal(
            new Refusal(RefusalKind.Conflict, "The chat is ended; nothing more can be sent in it."),
            RetryMessage.Decide(Action(ChatState.Ended, Op("ann")).Chat, "msg_1", Message(ParticipantKind.Operator, DeliveryState.Failed)));
    }
}
