using System.Security.Claims;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Chats;
using Microsoft.AspNetCore.Mvc;

namespace LiveChat.Gateway.Widgets;

/// <summary>
/// The widgets of one chat for the operator looking at it: the enabled widgets of every department and of the chat's own,
/// an iframe's URL with a token minted for this request, a card's content (or why it is unavailable). The chat's own
/// access rules apply: 404 for no such chat, 403 for another department's.
/// </summary>
public static class ChatWidgets
{
    public static IEndpointRouteBuilder MapChatWidgets(this IEndpointRouteBuilder api)
    {
        api.MapGet("/chats/{id}/widgets", HandleAsync).WithTags("Widgets").WithName("GetChatWidgets")
            .WithSummary("The chat's enabled widgets: an iframe's URL carrying a signed token (#livechat_token=, valid about 5 minutes), a card's fields and links or why it is unavailable; content=false lists them without either.");
        return api;
    }

    private static async Task<Results<Ok<List<ChatWidget>>, ProblemHttpResult>> HandleAsync(
        string id,
        ClaimsPrincipal user,
        Db db,
        ReplyWindowClock windows,
        WidgetSigning signing,
        WidgetCards cards,
        CancellationToken cancellationToken,
        [FromQuery] bool content = true)
    {
        List<WidgetRow> widgets;
        WidgetContext context;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            var (chat, problem) = await ReadChats.FindVisibleAsync(connection, id, user, windows, cancellationToken);
            if (chat is null)
            {
                return problem!;
            }

            widgets = [.. await connection.QueryAsync<WidgetRow>(new CommandDefinition(
                $"SELECT {WidgetRow.Columns} FROM widgets WHERE enabled = @yes AND (department_id IS NULL OR department_id = @departmentId) ORDER BY created_at, id",
                new { yes = true, departmentId = chat.DepartmentId },
                cancellationToken: cancellationToken))];
            var departmentName = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT name FROM departments WHERE id = @departmentId", new { departmentId = chat.DepartmentId }, cancellationToken: cancellationToken));
            context = new WidgetContext(
                chat.Id, chat.Visitor.Id, chat.Visitor.Name, chat.Visitor.Email, chat.Visitor.Phone,
                user.OperatorId(), user.FindFirstValue(OperatorClaims.Name), user.FindFirstValue(OperatorClaims.Email), chat.DepartmentId, departmentName);
        }

        if (!content)
        {
            return TypedResults.Ok(widgets.Select(w => new ChatWidget(w.Id, w.Name, w.Kind, null, null, null, null)).ToList());
        }

        // The cards are called at once, so the slowest, not their sum, is what the operator waits for.
        var shown = await Task.WhenAll(widgets.Select(w => ShowAsync(w, context, signing, cards, cancellationToken)));
        return TypedResults.Ok(shown.ToList());
    }

    private static async Task<ChatWidget> ShowAsync(WidgetRow widget, WidgetContext context, WidgetSigning signing, WidgetCards cards, CancellationToken cancellationToken)
    {
        if (signing.Unprotect(widget.Id, widget.SecretCipher) is not { } secret)
        {
            return new ChatWidget(widget.Id, widget.Name, widget.Kind, null, null, null,
                "its secret cannot be read since the operator signing key changed; an admin replaces the secret");
        }

        var (token, expiresAt) = signing.Mint(widget.Id, secret, context);
        var url = WidgetTemplate.Expand(widget.UrlTemplate, context);
        if (widget.Kind == "iframe")
        {
            return new ChatWidget(widget.Id, widget.Name, widget.Kind, $"{url}#livechat_token={token}", expiresAt, null, null);
        }

        var cacheKey = $"widget-card:{widget.Id}:{widget.UpdatedAt.UtcTicks}:{context.ChatId}:{context.OperatorId}";
        var card = await cards.GetAsync(cacheKey, widget.Id, url, token, cancellationToken);
        return new ChatWidget(widget.Id, widget.Name, widget.Kind, null, null, card.Card, card.Unavailable);
    }
}
