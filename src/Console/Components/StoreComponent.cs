namespace LiveChat.OperatorConsole.Components;

/// <summary>
/// A component that shows what the store or the session holds: it draws itself again whenever either changes, so no
/// parent has to pass the change down (Blazor re-renders children only when their parameters change).
/// </summary>
public abstract class StoreComponent : ComponentBase, IDisposable
{
    [Inject] protected ConsoleStore Store { get; set; } = default!;

    [Inject] protected Session Session { get; set; } = default!;

    protected override void OnInitialized()
    {
        Store.Changed += OnStoreChanged;
        Session.Changed += OnStoreChanged;
    }

    private void OnStoreChanged() => _ = InvokeAsync(StateHasChanged);

    public virtual void Dispose()
    {
        Store.Changed -= OnStoreChanged;
        Session.Changed -= OnStoreChanged;
        GC.SuppressFinalize(this);
    }
}
