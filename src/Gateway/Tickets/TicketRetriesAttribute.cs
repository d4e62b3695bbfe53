using Hangfire.Common;
using Hangfire.States;

namespace LiveChat.Gateway.Tickets;

/// <summary>
/// Hangfire's retries for the ticket job, as the job decides them (health-aware, Retry-After, lookup delay) instead of
/// Hangfire's fixed schedule: <see cref="TicketRetryLater"/> reschedules the same job; <see cref="TicketGaveUp"/> leaves it
/// failed; anything else (the database unreachable, say) tries again after <see cref="AfterUnexpectedFailure"/>, and the
/// lease left on the row makes that attempt look for the ticket first.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class TicketRetriesAttribute : JobFilterAttribute, IElectStateFilter
{
    public static TimeSpan AfterUnexpectedFailure { get; } = TimeSpan.FromSeconds(5);

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState failed)
        {
            return;
        }

        context.CandidateState = failed.Exception switch
        {
            TicketRetryLater later => new ScheduledState(later.Delay) { Reason = later.Message },
            TicketGaveUp => failed,
            _ => new ScheduledState(AfterUnexpectedFailure) { Reason = $"The run failed ({failed.Exception.GetType().Name}); trying again." },
        };
    }
}

/// <summary>The ticket job asks Hangfire to run it again after <see cref="Delay"/> (a retry decided by <c>TicketDispatch.Next</c>, or a request not due yet).</summary>
public sealed class TicketRetryLater(TimeSpan delay, string reason) : Exception(reason)
{
    public TimeSpan Delay { get; } = delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
}

/// <summary>The ticket job recorded its request as <c>failed</c>; the job stays failed in Hangfire too, and <c>POST /api/v1/tickets/{id}/retry</c> requeues it.</summary>
public sealed class TicketGaveUp(string reason) : Exception(reason);
