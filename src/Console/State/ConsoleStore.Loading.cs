namespace LiveChat.OperatorConsole.State;

public sealed partial class ConsoleStore
{
    private const int PageSize = 50;
    private const int ListPage = 200;
    private readonly Dictionary<string, Task> _refreshing = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refreshAgain = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _readAt = new(StringComparer.Ordinal);
    private int _titleWaiting = -1;

    private async Task LoadAsync()
    {
        // The header's status and ringer as the gateway has them now (the copy kept with the token dates from sign-in).
        if (await Try(() => api.MeAsync()) is { } me)
        {
            session.Update(me);
        }

        Departments = await Try(api.DepartmentsAsync) ?? [];
        Preferences = await Try(api.PreferencesAsync) ?? new();
        SoundUnlocked = Preferences.Sound && await browser.NotificationPermissionAsync(ask: false) is not null && SoundUnlocked;
        await LoadListsAsync();
        foreach (var chatId in OpenTabs.ToList())
        {
            if (!_chats.ContainsKey(chatId))
            {
                await RefreshChatAsync(chatId);
            }
        }

        if (ActiveChatId is { } active)
        {
            await LoadThreadAsync(active);
        }

        Changed?.Invoke();
    }

    private async Task LoadListsAsync()
    {
        // Every open chat (queued, with a bot or an operator), page by page up to a few thousand; the newest ended ones.
        foreach (var (view, most) in new[] { ("queued", 5000), ("active", 5000), ("mine", 200), ("recent", 200) })
        {
            for (var offset = 0; offset < most; offset += ListPage)
            {
                var page = await Try(() => api.ChatsAsync(view, ListPage, offset)) ?? [];
                foreach (var chat in page)
                {
                    _chats[chat.Id] = chat;
                }

                if (page.Count < ListPage)
                {
                    break;
                }
            }
        }

        foreach (var unread in await Try(api.UnreadAsync) ?? [])
        {
            _unread[unread.ChatId] = unread.Unread;
        }

        Requests = await Try(api.RequestsAsync) ?? [];
    }

    /// <summary>On every (re)connection the header says so; what happened meanwhile arrives as the replay of missed events.</summary>
    private Task OnConnectedAsync()
    {
        Changed?.Invoke();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Reads the chat again. Asked while a read is on its way, it waits for that one and one more after it (the first
    /// may predate the change the caller knows of), so a caller always finds the chat at least as new as its request.
    /// </summary>
    public Task RefreshChatAsync(string chatId)
    {
        if (_refreshing.TryGetValue(chatId, out var running))
        {
            _refreshAgain.Add(chatId);
            return running;
        }

        var reading = ReadUntilCurrentAsync(chatId);
        if (!reading.IsCompleted)
        {
            _refreshing[chatId] = reading;
        }

        return reading;
    }

    private async Task ReadUntilCurrentAsync(string chatId)
    {
        try
        {
            do
            {
                _refreshAgain.Remove(chatId);
                await ReadChatAsync(chatId);
            }
            while (_refreshAgain.Contains(chatId));
        }
        finally
        {
            _refreshing.Remove(chatId);
        }
    }

    private async Task ReadChatAsync(string chatId)
    {
        try
        {
            var chat = await api.ChatAsync(chatId);
            _readAt[chatId] = DateTimeOffset.UtcNow;
            var before = _chats.GetValueOrDefault(chatId);
            _chats[chatId] = chat;
            if (chat.State != "queued")
            {
                _offers.Remove(chatId);
                if (_ringing.Remove(chatId))
                {
                    await browser.CloseNotificationAsync(chatId);
                }
            }

            if (before is not null && before.State != chat.State && _threads.ContainsKey(chatId))
            {
                await LoadNewerAsync(chatId);
            }

            await UpdateTitleAsync();
            Changed?.Invoke();
        }
        catch (Api.ApiProblem problem) when (problem.Status is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound)
        {
            // No longer ours to see (transferred to another department): it leaves the lists.
            _chats.Remove(chatId);
            Changed?.Invoke();
        }
        catch (Api.ApiProblem)
        {
            // The next event or the next reconnect brings it.
        }
    }

    public async Task LoadThreadAsync(string chatId)
    {
        if (_threads.TryGetValue(chatId, out var existing) && existing.Loaded)
        {
            await LoadNewerAsync(chatId);
            return;
        }

        var thread = new ChatThread();
        _threads[chatId] = thread;
        var page = await Try(() => api.MessagesAsync(chatId, limit: PageSize));
        if (page is null)
        {
            _threads.Remove(chatId);
            return;
        }

        thread.Merge(page);
        thread.HasOlder = page.Count == PageSize;
        thread.Loaded = true;
        Changed?.Invoke();
    }

    /// <summary>The page before the oldest message shown; true when something was added.</summary>
    public async Task<bool> LoadOlderAsync(string chatId)
    {
        if (!_threads.TryGetValue(chatId, out var thread) || !thread.HasOlder || thread.LoadingOlder || thread.Messages.Count == 0)
        {
            return false;
        }

        thread.LoadingOlder = true;
        try
        {
            var page = await Try(() => api.MessagesAsync(chatId, before: thread.Messages[0].Id, limit: PageSize));
            if (page is null)
            {
                return false;
            }

            thread.HasOlder = page.Count == PageSize;
            var added = thread.Merge(page);
            Changed?.Invoke();
            return added;
        }
        finally
        {
            thread.LoadingOlder = false;
        }
    }

    private async Task LoadNewerAsync(string chatId)
    {
        if (_threads.TryGetValue(chatId, out var thread) && thread.Messages.Count > 0)
        {
            var newer = await Try(() => api.MessagesAfterAsync(chatId, thread.Messages[^1].Id));
            if (newer is not null && thread.Merge(newer))
            {
                Changed?.Invoke();
            }
        }
    }

    /// <summary>Everything in the open chat is read: the badge clears here and in my other tabs.</summary>
    public async Task MarkReadAsync(string chatId)
    {
        if (_threads.TryGetValue(chatId, out var thread) && thread.Messages.Count > 0 && Chat(chatId) is { } chat)
        {
            var mine = ChatLists.IsMine(chat, MeId);
            var hadUnread = _unread.Remove(chatId);
            if (hadUnread)
            {
                Changed?.Invoke();
            }

            if (mine && (hadUnread || !_lastRead.TryGetValue(chatId, out var last) || last != thread.Messages[^1].Id))
            {
                _lastRead[chatId] = thread.Messages[^1].Id;
                await Try(async () =>
                {
                    await api.ReadAsync(chatId, thread.Messages[^1].Id);
                    return string.Empty;
                });
            }
        }
    }

    private readonly Dictionary<string, string> _lastRead = new(StringComparer.Ordinal);

    private async Task UpdateTitleAsync()
    {
        var waiting = QueuedCount;
        if (waiting != _titleWaiting)
        {
            _titleWaiting = waiting;
            await browser.SetTitleAsync(waiting == 0 ? "LiveChat console" : $"({waiting}) waiting · LiveChat console");
        }
    }

    /// <summary>
    /// Once a second: ringing goes on while a chat waits for me, and what shows a time (countdowns, "typing…", waiting
    /// times) is drawn again: every second while a countdown or an indicator is on screen, otherwise every 15 s. An idle
    /// console does no more work than that.
    /// </summary>
    private async Task TickAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var seconds = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                seconds++;
                var waiting = Alerts.Count > 0 || Offers.Count > 0 || Requests.Count > 0;
                if (seconds % 8 == 0 && waiting)
                {
                    await RingAsync();
                }

                if (seconds % 10 == 0 && ActiveChatId is { } open && Chat(open) is { } chat && ChatLists.IsOpen(chat))
                {
                    await SendPresenceAsync(open, typing: false);
                }

                if (waiting || HasTimerOnScreen() || seconds % 15 == 0)
                {
                    Changed?.Invoke();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Signed out.
        }
    }

    /// <summary>A countdown in the open chat, or a typing indicator that may have just run out.</summary>
    private bool HasTimerOnScreen()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (chatId, until) in _visitorTyping)
        {
            if (until < now)
            {
                _visitorTyping.Remove(chatId);
                return true;
            }
        }

        return _visitorTyping.Count > 0 || (ActiveChatId is { } open && Chat(open) is { State: "ending" });
    }

    private async Task RingAsync()
    {
        if (Preferences.Sound && SoundUnlocked && session.Operator?.Ringer != false && await browser.OwnsStreamAsync())
        {
            await browser.RingAsync();
        }
    }
}
