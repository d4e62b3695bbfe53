namespace LiveChat.OperatorConsole.State;

/// <summary>The loaded part of one chat's transcript, oldest first; older pages arrive as the operator scrolls up.</summary>
public sealed class ChatThread
{
    // Delivery states of messages not shown yet: the stream may tell a state before the reply's own POST has answered.
    private readonly Dictionary<string, (string Status, MessageError? Error)> _early = new(StringComparer.Ordinal);

    public List<MessageView> Messages { get; } = [];

    public bool HasOlder { get; set; }

    public bool Loaded { get; set; }

    public bool LoadingOlder { get; set; }

    /// <summary>
    /// Adds what is new (by id) and keeps the order; false when everything was already there. A copy read earlier (the
    /// answer to the send, a page fetched while events came) never takes a message's delivery state back.
    /// </summary>
    public bool Merge(IEnumerable<MessageView> messages)
    {
        var added = false;
        foreach (var read in messages)
        {
            var message = read;
            if (_early.Remove(message.Id, out var early))
            {
                message = Further(message, early.Status, early.Error);
            }

            var at = Messages.FindIndex(m => m.Id == message.Id);
            if (at >= 0)
            {
                var known = Messages[at];
                Messages[at] = Rank(known.Status) > Rank(message.Status) ? message with { Status = known.Status, Error = known.Error } : message;
                continue;
            }

            var insertAt = Messages.FindLastIndex(m => m.SentAt <= message.SentAt) + 1;
            Messages.Insert(insertAt, message);
            added = true;
        }

        return added;
    }

    /// <summary>A delivery state from the event stream; for a message not shown yet it is kept until the message arrives.</summary>
    public void SetStatus(string messageId, string status, MessageError? error)
    {
        var at = Messages.FindIndex(m => m.Id == messageId);
        if (at < 0)
        {
            _early[messageId] = (status, error);
            return;
        }

        // In stream order: this is the newest word, even "pending" after "failed" (the reply is being sent again).
        var known = Messages[at];
        Messages[at] = known with { Status = status, Error = status == "failed" ? error ?? known.Error : null };
    }

    private static MessageView Further(MessageView message, string status, MessageError? error) =>
        Rank(status) >= Rank(message.Status) ? message with { Status = status, Error = status == "failed" ? error : message.Error } : message;

    /// <summary>The gateway's order of delivery states (it only moves them forward, except a retry of a failed one).</summary>
    private static int Rank(string status) => status switch
    {
        "sent" => 1,
        "delivered" => 2,
        "read" => 3,
        "failed" => 4,
        _ => 0,
    };
}
