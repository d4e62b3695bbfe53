namespace LiveChat.Gateway.Routing;

/// <summary>
/// Which operator is offered which chat: a pure function of the department's state. The queue is served
/// first-in first-out; only online operators under their capacity are offered; a chat is not offered again
/// to someone who let it pass while anyone else could take it. Round robin picks whoever was assigned
/// longest ago; least loaded picks whoever has the fewest chats (then round robin). Ties go by id.
/// </summary>
public static class RoutingDecision
{
    public static IReadOnlyList<Offer> Decide(AssignmentMode mode, IReadOnlyList<OperatorLoad> operators, IReadOnlyList<WaitingChat> queue, DateTimeOffset now)
    {
        if (mode == AssignmentMode.Pickup)
        {
            return [];
        }

        var load = operators.Where(o => o.Online).ToDictionary(o => o.Id, o => o.Load, StringComparer.Ordinal);
        var lastAssigned = operators.ToDictionary(o => o.Id, o => o.LastAssignedAt, StringComparer.Ordinal);
        var capacity = operators.ToDictionary(o => o.Id, o => o.Capacity, StringComparer.Ordinal);
        var offers = new List<Offer>();
        var tick = 0;
        foreach (var chat in queue.OrderBy(c => c.QueuedAt).ThenBy(c => c.ChatId, StringComparer.Ordinal))
        {
            if (chat.HasLiveOffer(now))
            {
                continue;
            }

            var free = load.Where(kv => kv.Value < capacity[kv.Key]).Select(kv => kv.Key).ToList();
            if (free.Count == 0)
            {
                // Nobody can take the oldest chat, so nobody can take a younger one either.
                break;
            }

            var fresh = free.Where(id => !chat.PreviouslyOffered.Contains(id)).ToList();
            var candidates = fresh.Count > 0 ? fresh : free.Where(id => id != chat.OfferedTo).ToList();
            if (candidates.Count == 0)
            {
                // Everyone free has had it; the one who let it pass last is still better than nobody.
                candidates = free;
            }

            var chosen = candidates
                .OrderBy(id => mode == AssignmentMode.LeastLoaded ? load[id] : 0)
                .ThenBy(id => lastAssigned[id] ?? DateTimeOffset.MinValue)
                .ThenBy(id => id, StringComparer.Ordinal)
                .First();
            offers.Add(new Offer(chat.ChatId, chosen, chat.OfferedTo));
            load[chosen]++;

            // Within one decision, an operator just offered a chat goes to the back of the round.
            lastAssigned[chosen] = now.AddTicks(++tick);
        }

        return offers;
    }

    public static AssignmentMode Parse(string mode) => mode switch
    {
        "roundRobin" => AssignmentMode.RoundRobin,
        "leastLoaded" => AssignmentMode.LeastLoaded,
        _ => AssignmentMode.Pickup,
    };

    public static string Name(AssignmentMode mode) => mode switch
    {
        AssignmentMode.RoundRobin => "roundRobin",
        AssignmentMode.LeastLoaded => "leastLoaded",
        _ => "pickup",
    };
}

public enum AssignmentMode
{
    Pickup,
    RoundRobin,
    LeastLoaded,
}

/// <summary>An operator as the routing decision sees them. <see cref="Load"/> counts open chats and live offers.</summary>
public sealed record OperatorLoad(string Id, bool Online, int Capacity, int Load, DateTimeOffset? LastAssignedAt);

/// <summary>A queued chat: its place (queued at), its live offer if any, and who was offered it before.</summary>
public sealed record WaitingChat(string ChatId, DateTimeOffset QueuedAt, string? OfferedTo, DateTimeOffset? OfferExpiresAt, IReadOnlySet<string> PreviouslyOffered)
{
    public bool HasLiveOffer(DateTimeOffset now) => OfferedTo is not null && OfferExpiresAt > now;
}

/// <summary>Offer <see cref="ChatId"/> to <see cref="OperatorId"/>; <see cref="Replaces"/> is the operator whose offer ran out.</summary>
public sealed record Offer(string ChatId, string OperatorId, string? Replaces);
