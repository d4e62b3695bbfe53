namespace LiveChat.Gateway.Widgets;

/// <summary>
/// The card schema (docs/widgets.md): <c>{ "title": "...", "fields": [{ "label", "value" }], "links": [{ "label", "url" }] }</c>.
/// A value may be a JSON string, number or boolean; a link whose URL is not absolute http(s) keeps its label and loses its URL.
/// </summary>
public static class WidgetCardSchema
{
    public const int MaxTitle = 200;
    public const int MaxLabel = 100;
    public const int MaxValue = 1000;
    public const int MaxFields = 30;
    public const int MaxLinks = 10;
    public const int MaxUrl = 2000;

    public static CardResult Read(byte[] json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return NotACard("it is not JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return NotACard("it is not a JSON object");
            }

            if (Text(root, "title", MaxTitle) is not { Length: > 0 } title)
            {
                return NotACard($"'title' must be a text of 1 to {MaxTitle} characters");
            }

            var fieldItems = Items(root, "fields", MaxFields, out var tooMany);
            var linkItems = Items(root, "links", MaxLinks, out var tooManyLinks);
            if (tooMany || tooManyLinks)
            {
                return NotACard($"it has more than {MaxFields} fields or {MaxLinks} links");
            }

            var fields = new List<WidgetCardField>();
            foreach (var field in fieldItems)
            {
                if (Text(field, "label", MaxLabel) is not { } label || Text(field, "value", MaxValue) is not { } value)
                {
                    return NotACard($"each field needs a 'label' (up to {MaxLabel} characters) and a 'value' (up to {MaxValue})");
                }

                fields.Add(new WidgetCardField(label, value));
            }

            var links = new List<WidgetCardLink>();
            foreach (var link in linkItems)
            {
                if (Text(link, "label", MaxLabel) is not { Length: > 0 } label || Text(link, "url", MaxUrl) is not { } url)
                {
                    return NotACard($"each link needs a 'label' (up to {MaxLabel} characters) and a 'url' (up to {MaxUrl})");
                }

                links.Add(new WidgetCardLink(label, IsWeb(url) ? url : null));
            }

            return new CardResult(new WidgetCard(title, fields, links), null);
        }
    }

    public static bool IsWeb(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";

    private static CardResult NotACard(string why) => new(null, $"its answer is not a card ({why})");

    private static IEnumerable<JsonElement> Items(JsonElement root, string name, int max, out bool tooMany)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            tooMany = false;
            return [];
        }

        tooMany = array.GetArrayLength() > max;
        return array.EnumerateArray().Take(max).Select(item => item.ValueKind == JsonValueKind.Object ? item : default).ToList();
    }

    private static string? Text(JsonElement item, string name, int max)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
        return text is { } t && t.Length <= max && SafeText.Problem(t) is null ? t : null;
    }
}
