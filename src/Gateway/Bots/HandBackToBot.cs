using System.Security.Claims;
using LiveChat.Channels.BotConnector;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;

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
        api.MapPost("/chats/{id}/handback", RouteAsync).WithTags("Chats").WithName("HandBackToBot")
            .WithSummary("Give an active chat back to a bot (by name, else the one that handed it over). 409 when no bot can take it.");
        return api;
    }

    private static Task<Results<Ok<ChatView>, ProblemHttpResult>> RouteAsync(
        string id, HandBackRequest? request, ClaimsPrincipal user, Db db, ReplyWindowClock windows,
        IOptions<BotsOptions> bots, TimeProvider time, CancellationToken cancellationToken) =>
        HandleAsync(id, request, CurrentOperator.From(user), db, bots.Value, time, cancellationToken).ViewOrProblemAsync(db, windows, id, cancellationToken);

    /// <summary>The rules: a chat with an operator, handed back by an operator in it or a supervisor.</summary>
    public static Refusal? Decide(ChatAction action) =>
        action.Unless(ChatState.WithOperator)
        ?? (action.MeInChatOrSupervisor ? null : Refusal.Forbidden("Only the operators in this chat (or a supervisor) can hand it back to a bot."));

    /// <summary>The bot to hand back to (<paramref name="bot"/>, the first of the ones named), or why none can take it.</summary>
    public static Refusal? DecideBot(string? bot, bool known) =>
        bot is null ? Refusal.Conflict("No bot answers this chat's channel or department.")
        : known ? null
        : Refusal.Conflict($"There is no bot named '{bot}'.");

    public static async Task<Refusal?> HandleAsync(
        string id, HandBackRequest? request, CurrentOperator me, Db db,
        BotsOptions bots, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using (var work = await db.BeginAsync(cancellationToken))
        {
            var (action, refusal) = await ChatAction.BeginAsync(work, me, id, Decide);
            if (action is null)
            {
                return refusal;
            }

            var chat = action.Chat;
            var bot = request?.Bot
                ?? await work.ScalarAsync<string>("SELECT bot FROM bot_handoffs WHERE chat_id = @id", new { id })
                ?? bots.FrontingBot(chat.Channel, chat.DepartmentId);
            if (DecideBot(bot, bot is not null && bots.Find(bot) is not null) is { } refused)
            {
                return refused;
            }

            await BotHandoff.ToBotAsync(work, chat, bot!, action.Me.ToActor(), now);
            await work.CommitAsync(cancellationToken);
        }

        return null;
    }
}
