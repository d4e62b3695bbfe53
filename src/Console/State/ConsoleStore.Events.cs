using System.Text.Json;
using LiveChat.OperatorConsole.Api;

namespace LiveChat.OperatorConsole.State;

public sealed partial class ConsoleStore
{
    private async Task OnEventAsync(EventEnvelope e)
    {
        switch (e.Type)
        {
            case "chat.message":
                await OnMessageAsync(e);
                break;
            case "chat.message.status" or "chat.message.failed":
                OnStatus(e);
                break;
            case "chat.message.updated" or "chat.message.deleted":
                if (e.ChatId is { } changed)
                {
                    await LoadThreadAgainAsync(changed);
                }

                break;
            case "chat.typing":
                OnTyping(e);
                break;
            case "chat.presence":
                if (e.Data.Deserialize(ConsoleJson.Default.PresenceView) is { } presence)
                {
                    _presence[presence.ChatId] = presence;
                    Changed?.Invoke();
                }

                break;
            case "chat.operator.read":
                if (e.ChatId is { } read && e.OperatorId == MeId && _unread.Remove(read))
                {
                    Changed?.Invoke();
                }

                break;
            case "chat.alert":
                await OnAlertAsync(e);
                break;
            case "chat.offered":
                if (e.ChatId is { } offered && e.Data.TryGetProperty("expiresAt", out var expires) && expires.TryGetDateTimeOffset(out var at))
                {
                    _offers[offered] = at;
                    await RefreshChatAsync(offered);
                    await RingAsync();
                }

                break;
            case "chat.offer.expired" or "chat.offer.declined":
                if (e.ChatId is { } lapsed && _offers.Remove(lapsed))
                {
                    Changed?.Invoke();
                }

                break;
            case "operator.status":
                await OnOperatorStatusAsync(e);
                break;
            default:
                if (e.Type.StartsWith("chat.transfer.", StringComparison.Ordinal) || e.Type.StartsWith("chat.invite.", StringComparison.Ordinal))
                {
                    Requests = await Try(api.RequestsAsync) ?? Requests;
                    if (e.Type is "chat.transfer.requested" or "chat.invite.requested" && e.OperatorId == MeId)
                    {
                        await RingAsync();
                    }

                    TellIfDeclined(e);
                }

                if (e.ChatId is { } chatId && e.Type.StartsWith("chat.", StringComparison.Ordinal) && e.Type != "chat.queue.position")
                {
                    await RefreshChatAsync(chatId);
                }

                break;
        }
    }

    /// <summary>
    /// A message is the most frequent event: it redraws only its transcript (<see cref="ThreadChanged"/>); the rest of
    /// the screen is drawn again only when something it shows changed with it (an unread badge, a typing indicator).
    /// </summary>
    private async Task OnMessageAsync(EventEnvelope e)
    {
        var message = e.Data.Deserialize(ConsoleJson.Default.MessageView);
        if (message is null)
        {
            return;
        }

        var changed = false;
        if (message.From.Kind == "visitor")
        {
            changed = _visitorTyping.Remove(message.ChatId);
            if (Chat(message.ChatId) is { ReplyWindowClosesAt: { } closes } && ReplyWindowWorthReading(message.ChatId, closes))
            {
                // The customer wrote: the channel's reply window opens again from now (the gateway says until when).
                await RefreshChatAsync(message.ChatId);
            }
        }

        // Also while the thread's first page is on its way: that page may have been read before this message was stored.
        if (_threads.TryGetValue(message.ChatId, out var thread))
        {
            thread.Merge([message]);
            ThreadChanged?.Invoke(message.ChatId);
        }

        var fromMe = message.From.Kind == "operator" && message.From.Id == MeId;
        if (!fromMe && Chat(message.ChatId) is { } chat && ChatLists.IsMine(chat, MeId) && ActiveChatId != message.ChatId)
        {
            _unread[message.ChatId] = Unread(message.ChatId) + 1;
            changed = true;
        }

        if (changed)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>
    /// Whether a customer's message should read the chat again for its new reply window: when the window is closed or
    /// closes within the hour (the composer's lock and its exact time matter then), otherwise at most once a minute. The
    /// time shown in between is a little early, never late: a customer's message only moves the window later.
    /// </summary>
    private bool ReplyWindowWorthReading(string chatId, DateTimeOffset closes)
    {
        var now = DateTimeOffset.UtcNow;
        return closes - now < TimeSpan.FromHours(1) || !_readAt.TryGetValue(chatId, out var read) || now - read > TimeSpan.FromMinutes(1);
    }

    /// <summary>The colleague said no to my transfer or invitation: I am told (the chat stays with me).</summary>
    private void TellIfDeclined(EventEnvelope e)
    {
        if (e.Type is not ("chat.transfer.declined" or "chat.invite.declined") || e.OperatorId != MeId
            || !e.Data.TryGetProperty("request", out var request) || !request.TryGetProperty("fromOperatorId", out var from) || from.GetString() != MeId)
        {
            return;
        }

        var who = e.Data.TryGetProperty("by", out var by) && by.TryGetProperty("name", out var name) ? name.GetString() : null;
        Notice?.Invoke(
            e.Type == "chat.transfer.declined"
                ? $"{who ?? "Your colleague"} declined the transfer; the chat stays with you."
                : $"{who ?? "Your colleague"} declined your invitation.",
            true);
    }

    private void OnStatus(EventEnvelope e)
    {
        if (e.ChatId is not { } chatId || !_threads.TryGetValue(chatId, out var thread)
            || !e.Data.TryGetProperty("messageId", out var id) || id.GetString() is not { } messageId
            || !e.Data.TryGetProperty("status", out var status) || status.GetString() is not { } state)
        {
            return;
        }

        MessageError? error = null;
        if (e.Data.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.Object)
        {
            error = err.Deserialize(ConsoleJson.Default.MessageError);
        }

        thread.SetStatus(messageId, state, error);
        ThreadChanged?.Invoke(chatId);
    }

    private void OnTyping(EventEnvelope e)
    {
        if (e.ChatId is not { } chatId || !e.Data.TryGetProperty("from", out var from))
        {
            return;
        }

        var kind = from.TryGetProperty("kind", out var k) ? k.GetString() : null;
        if (kind == "visitor")
        {
            _visitorTyping[chatId] = DateTimeOffset.UtcNow.AddSeconds(6);
            Changed?.Invoke();
        }
    }

    private async Task OnAlertAsync(EventEnvelope e)
    {
        if (e.ChatId is not { } chatId)
        {
            return;
        }

        await RefreshChatAsync(chatId);
        if (Chat(chatId) is not { State: "queued" } chat)
        {
            return;
        }

        _ringing.Add(chatId);
        Changed?.Invoke();
        await RingAsync();
        if (Preferences.DesktopNotifications && await browser.IsHiddenAsync() && await browser.OwnsStreamAsync())
        {
            await browser.NotifyAsync(chatId, $"New chat from {chat.Visitor.Name ?? "a visitor"}", chat.Question ?? $"On {chat.Channel}");
        }
    }

    private async Task OnOperatorStatusAsync(EventEnvelope e)
    {
        if (e.Data.TryGetProperty("operatorId", out var id) && id.GetString() == MeId && await Try(() => api.MeAsync()) is { } me)
        {
            session.Update(me);
        }
    }

    private async Task LoadThreadAgainAsync(string chatId)
    {
        if (_threads.Remove(chatId) && (OpenTabs.Contains(chatId) || ActiveChatId == chatId))
        {
            await LoadThreadAsync(chatId);
        }
    }
}
