using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Routing;

namespace LiveChat.Gateway.Tests.Routing;

public sealed class RoutingDecisionTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static OperatorLoad Op(string id, int load = 0, int capacity = 3, bool online = true, int? assignedMinutesAgo = null) =>
        new(id, online, capacity, load, assignedMinutesAgo is { } m ? s_now.AddMinutes(-m) : null);

    private static WaitingChat Chat(string id, int queuedSecondsAgo, string? offeredTo = null, int? offerExpiresInSeconds = null, params string[] previously) =>
        new(id, s_now.AddSeconds(-queuedSecondsAgo), offeredTo, offerExpiresInSeconds is { } s ? s_now.AddSeconds(s) : null, previously.ToHashSet());

    [Fact]
    public void PickupModeOffersNothing() =>
        Assert.Empty(RoutingDecision.Decide(AssignmentMode.Pickup, [Op("a")], [Chat("c1", 10)], s_now));

    [Fact]
    public void RoundRobinTakesTurnsStartingWithWhoeverWasAssignedLongestAgo()
    {
        var offers = RoutingDecision.Decide(
            AssignmentMode.RoundRobin,
            [Op("a", assignedMinutesAgo: 1), Op("b", assignedMinutesAgo: 10), Op("c", assignedMinutesAgo: 5)],
            [Chat("c1", 30), Chat("c2", 20), Chat("c3", 10), Chat("c4", 5)],
            s_now);

        Assert.Equal([("c1", "b"), ("c2", "c"), ("c3", "a"), ("c4", "b")], offers.Select(o => (o.ChatId, o.OperatorId)));
    }

    [Fact]
    public void OperatorsNeverAssignedComeFirstAndTiesGoById()
    {
        var offers = RoutingDecision.Decide(AssignmentMode.RoundRobin, [Op("z", assignedMinutesAgo: 3), Op("b"), Op("a")], [Chat("c1", 3), Chat("c2", 2)], s_now);

        Assert.Equal(["a", "b"], offers.Select(o => o.OperatorId));
    }

    [Fact]
    public void LeastLoadedPicksTheOperatorWithFewestChatsCountingNewOffersAndBreaksTiesByTurn()
    {
        var offers = RoutingDecision.Decide(
            AssignmentMode.LeastLoaded,
            [Op("busy", load: 2), Op("idle", load: 0), Op("some", load: 1)],
            [Chat("c1", 30), Chat("c2", 20), Chat("c3", 10)],
            s_now);

        Assert.Equal([("c1", "idle"), ("c2", "some"), ("c3", "idle")], offers.Select(o => (o.ChatId, o.OperatorId)));
    }

    [Fact]
    public void OfflineAndFullOperatorsAreNeverOffered()
    {
        var offers = RoutingDecision.Decide(
            AssignmentMode.RoundRobin,
            [Op("offline", online: false), Op("full", load: 3, capacity: 3), Op("free", load: 2, capacity: 3)],
            [Chat("c1", 30), Chat("c2", 20)],
            s_now);

        var only = Assert.Single(offers);
        Assert.Equal(("c1", "free"), (only.ChatId, only.OperatorId));
    }

    [Fact]
    public void TheQueueIsServedOldestFirstWhoeverIsFree()
    {
        var offers = RoutingDecision.Decide(AssignmentMode.LeastLoaded, [Op("a", load: 2)], [Chat("young", 5), Chat("old", 50), Chat("middle", 20)], s_now);

        Assert.Equal("old", Assert.Single(offers).ChatId);
    }

    [Fact]
    public void ALiveOfferIsLeftAloneAndCountsAsLoad()
    {
        var offers = RoutingDecision.Decide(
            AssignmentMode.RoundRobin,
            [Op("a", load: 1, capacity: 2), Op("b", load: 2, capacity: 2)],
            [Chat("c1", 30, offeredTo: "a", offerExpiresInSeconds: 10), Chat("c2", 20)],
            s_now);

        Assert.Equal(("c2", "a"), (Assert.Single(offers).ChatId, offers[0].OperatorId));
    }

    [Fact]
    public void AnExpiredOfferGoesToSomeoneWhoHasNotHadItYet()
    {
        var offers = RoutingDecision.Decide(
            AssignmentMode.RoundRobin,
            [Op("a", assignedMinutesAgo: 60), Op("b", assignedMinutesAgo: 1), Op("c", assignedMinutesAgo: 2)],
            [Chat("c1", 30, "a", -1, "a", "c")],
            s_now);

        var offer = Assert.Single(offers);
        Assert.Equal(("b", "a"), (offer.OperatorId, offer.Replaces));
    }

    [Fact]
    public void WhenEveryoneHasHadItTheNextRoundSkipsTheOneWhoJustLetItPass()
    {
        var offers = RoutingDecision.Decide(
            AssignmentMode.RoundRobin,
            [Op("a", assignedMinutesAgo: 60), Op("b", assignedMinutesAgo: 1)],
            [Chat("c1", 30, "a", -1, "a", "b")],
            s_now);

        Assert.Equal("b", Assert.Single(offers).OperatorId);
        Assert.Equal("a", RoutingDecision.Decide(AssignmentMode.RoundRobin, [Op("a")], [Chat("c1", 30, "a", -1, "a")], s_now).Single().OperatorId);
    }

    [Fact]
    public void NobodyOnlineMeansNoOffers() =>
        Assert.Empty(RoutingDecision.Decide(AssignmentMode.LeastLoaded, [Op("a", online: false)], [Chat("c1", 10, previously: [])], s_now));

    [Fact]
    public void QueueEstimateServesOperatorsInRounds()
    {
        Assert.Equal(TimeSpan.FromSeconds(90), QueueEstimate.Wait(1, 0, QueueEstimate.DefaultPickup));
        Assert.Equal(TimeSpan.FromSeconds(180), QueueEstimate.Wait(3, 2, QueueEstimate.DefaultPickup));
        Assert.Equal(TimeSpan.FromSeconds(60), QueueEstimate.AveragePickup([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90)]));
        Assert.Equal("You are number 3 in the queue. Estimated wait: about 5 minutes.", QueueEstimate.Describe(3, TimeSpan.FromSeconds(270)));
    }
}
