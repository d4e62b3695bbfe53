using System.Security.Claims;
using LiveChat.Channels.BotConnector;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;

namespace LiveChat.Gateway.Bots;

/// <summary>
/// POST /chats/{id}/handback: the chat's operator gives it back to a bot (the one that handed it over, else the bot
/// fronting its channel or department). The operators leave, the bot hears handoff.status completed and answers
/// the customer's next messages.
/// </summary>
public static class HandBackToBot
{
    public sealed record HandBackRequest(string? Bot);

    public static IEndpointRouteBuilder MapHandBackToBot(this IEndpointRouteBuilder api)
    {
        api.MapPost("/chats/{id}/handback", HandleAsync).WithTags("Chats").WithName("HandBackToBot")
            .WithSummary("Give an active chat back to a bot (by name, else the one that handed it over). 409 when no bot can take it.");
        return api;
    }

    private static async Task<Results<Ok<ChatView>, ProblemHttpResult>> HandleAsync(
        string id, HandBackRequest? request, ClaimsPrincipal user, Db db, ReplyWindowClock windows, EventLog events, OutboxSignal outbox, BotDeliveries deliveries,
        IOptions<BotsOptions> bots, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var pending = new List<NewEvent>();
        await using (var work = await db.BeginAsync(cancellationToken))
        {
            var (me, chat, refusal) = await ChatCommands.LoadAsync(work, user.OperatorId(), id);
            if (refusal is not null)
            {
                return refusal.ToProblem();
            }

            if (!ChatState.WithOperator.Contains(chat!.State))
            {
                return ProblemDetailsBody.Conflict(ChatCommands.StateRefusal(chat.State));
            }

            if (!me!.SeesAllDepartments && !await ChatCommands.IsParticipantAsync(work, id, me.Id))
            {
                return ProblemDetailsBody.Forbidden("Only the operators in this chat (or a supervisor) can hand it back to a bot.");
            }

            var bot = request?.Bot
                ?? await work.ScalarAsync<string>("SELECT bot FROM bot_handoffs WHERE chat_id = @id", new { id })
                ?? bots.Value.FrontingBot(chat.Channel, chat.DepartmentId);
            if (bot is null || bots.Value.Find(bot) is null)
            {
                return ProblemDetailsBody.Conflict(bot is null ? "No bot answers this chat's channel or department." : $"There is no bot named '{bot}'.");
            }

            await BotHandoff.ToBotAsync(work, chat, bot, me.ToActor(), now, pending);
            await ChatCommands.CommitAsync(work, events, outbox, pending, cancellationToken);
        }

        deliveries.Wake();
        return TypedResults.Ok(await ChatCommands.ViewAsync(db, windows, id, cancellationToken));
    }
}
