namespace LiveChat.Tickets;

/// <summary>
/// What one node saw of the helpdesk in its last <see cref="HelpdeskHealthWindow.Size"/> attempts, whichever
/// requests they were for: an attempt the helpdesk answered (a ticket, or a 4xx refusal) is a success, any
/// retryable failure is a failure.
/// </summary>
public sealed record HelpdeskHealth(int Successes, int Failures)
{
    /// <summary>Fewer outcomes than this say nothing: the helpdesk is taken to be up.</summary>
    public const int MinimumSample = 5;

    public static HelpdeskHealth Unknown { get; } = new(0, 0);

    /// <summary>Down: enough recent attempts, and fewer than one in five of them answered.</summary>
    public bool LooksDown => Successes + Failures >= MinimumSample && Successes * 5 < Successes + Failures;
}

/// <summary>The node's last outcomes, for <see cref="HelpdeskHealth"/>; safe to share between the dispatcher's workers.</summary>
public sealed class HelpdeskHealthWindow
{
    public const int Size = 20;

    private readonly Lock _lock = new();
    private readonly bool[] _outcomes = new bool[Size];
    private int _count;
    private int _next;

    public void Record(bool answered)
    {
        lock (_lock)
        {
            _outcomes[_next] = answered;
            _next = (_next + 1) % Size;
            _count = Math.Min(_count + 1, Size);
        }
    }

    public HelpdeskHealth Snapshot()
    {
        lock (_lock)
        {
            var successes = _outcomes.Take(_count).Count(answered => answered);
            return new HelpdeskHealth(successes, _count - successes);
        }
    }
}
