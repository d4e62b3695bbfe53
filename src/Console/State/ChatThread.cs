namespace LiveChat.OperatorConsole.State;

/// <summary>The loaded part of one chat's transcript, oldest first; older pages arrive as the operator scrolls up.</summary>
public sealed class ChatThread
{
    public List<MessageView> Messages { get; } = [];

    public bool HasOlder { get; set; }

    public bool Loaded { get; set; }

    public bool LoadingOlder { get; set; }

    /// <summary>Adds what is new (by id) and keeps the order; false when everything was already there.</summary>
    public bool Merge(IEnumerable<MessageView> messages)
    {
        var added = false;
        foreach (var message in messages)
        {
            var at = Messages.FindIndex(m => m.Id == message.Id);
            if (at >= 0)
            {
                Messages[at] = message;
                continue;
            }

            var insertAt = Messages.FindLastIndex(m => m.SentAt <= message.SentAt) + 1;
            Messages.Insert(insertAt, message);
            added = true;
        }

        return added;
    }

    public void Update(string messageId, Func<MessageView, MessageView> change)
    {
        var at = Messages.FindIndex(m => m.Id == messageId);
        if (at >= 0)
        {
            Messages[at] = change(Messages[at]);
        }
    }
}
