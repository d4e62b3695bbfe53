namespace LiveChat.Contracts;

/// <summary>
/// A console widget as the admin API shows it (never its secret). <see cref="Kind"/> is <c>iframe</c> (the console opens
/// the expanded URL template with a signed token) or <c>card</c> (the gateway calls it and the console shows the answer);
/// <see cref="DepartmentId"/> null means the chats of every department.
/// </summary>
public sealed record WidgetView(
    string Id, string Name, string Kind, string UrlTemplate, bool Enabled, string? DepartmentId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record WidgetRequest(string Name, string Kind, string UrlTemplate, bool Enabled = true, string? DepartmentId = null);

/// <summary>A widget just created (or its secret just replaced): the secret that signs its tokens, shown this once.</summary>
public sealed record WidgetSecretView(WidgetView Widget, string Secret);

/// <summary>
/// A widget for one chat, as the operator's console shows it: an iframe's <see cref="Url"/> (the token in its fragment,
/// valid until <see cref="ExpiresAt"/>), or a card's content; <see cref="Unavailable"/> says why a card could not be had.
/// </summary>
public sealed record ChatWidget(string Id, string Name, string Kind, string? Url, DateTimeOffset? ExpiresAt, WidgetCard? Card, string? Unavailable);

/// <summary>A card widget's answer (docs/widgets.md): a title, fields, and links (a link that is not http(s) has no URL).</summary>
public sealed record WidgetCard(string Title, IReadOnlyList<WidgetCardField> Fields, IReadOnlyList<WidgetCardLink> Links);

public sealed record WidgetCardField(string Label, string Value);

public sealed record WidgetCardLink(string Label, string? Url);
