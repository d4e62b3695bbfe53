using Microsoft.JSInterop;

namespace LiveChat.OperatorConsole.State;

/// <summary>The few browser features the console needs that Blazor has no API for (wwwroot/js/console.js).</summary>
public sealed class Browser(IJSRuntime js)
{
    public ValueTask<string?> GetAsync(string key, bool session = false) => js.InvokeAsync<string?>("liveChat.storage.get", key, session);

    /// <summary>
    /// The same, without waiting a turn: in WebAssembly the page's JavaScript runs in the same thread. For what the
    /// first screen needs before it can draw (whether someone is signed in).
    /// </summary>
    public string? Get(string key, bool session = false) => InProcess.Invoke<string?>("liveChat.storage.get", key, session);

    public void Set(string key, string? value, bool session = false) => InProcess.InvokeVoid("liveChat.storage.set", key, value, session);

    private IJSInProcessRuntime InProcess =>
        js as IJSInProcessRuntime ?? throw new InvalidOperationException("The console runs in the browser's WebAssembly runtime.");

    public ValueTask SetAsync(string key, string? value, bool session = false) => js.InvokeVoidAsync("liveChat.storage.set", key, value, session);

    public ValueTask SetTitleAsync(string title) => js.InvokeVoidAsync("liveChat.setTitle", title);

    public ValueTask<bool> IsHiddenAsync() => js.InvokeAsync<bool>("liveChat.isHidden");

    public ValueTask RingAsync() => js.InvokeVoidAsync("liveChat.ring");

    public ValueTask<string> EnableSoundAsync() => js.InvokeAsync<string>("liveChat.enableSound");

    public ValueTask<string> NotificationPermissionAsync(bool ask) => js.InvokeAsync<string>("liveChat.notificationPermission", ask);

    public ValueTask NotifyAsync(string tag, string title, string body) => js.InvokeVoidAsync("liveChat.notify", tag, title, body);

    public ValueTask CloseNotificationAsync(string tag) => js.InvokeVoidAsync("liveChat.closeNotification", tag);

    public ValueTask<string> BlobUrlAsync(byte[] bytes, string contentType) => js.InvokeAsync<string>("liveChat.blobUrl", bytes, contentType);

    public ValueTask<bool> OwnsStreamAsync() => js.InvokeAsync<bool>("liveChat.tabs.owns");
}
