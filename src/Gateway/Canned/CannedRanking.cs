namespace LiveChat.Gateway.Canned;

/// <summary>The `#` picker's order: shortcut prefix first, then shortcut containing, then text containing; shorter shortcuts first.</summary>
public static class CannedRanking
{
    public static IReadOnlyList<CannedView> Suggest(IEnumerable<CannedView> candidates, string? query, int limit = 10)
    {
        var q = CannedMessages.NormalizeShortcut(query ?? string.Empty);
        return [.. candidates
            .Select(c => (Item: c, Rank: Rank(c, q)))
            .Where(x => x.Rank < int.MaxValue)
            .OrderBy(x => x.Rank)
            .ThenBy(x => x.Item.Shortcut.Length)
            .ThenBy(x => x.Item.Shortcut, StringComparer.OrdinalIgnoreCase)
            .Take(limit)
            .Select(x => x.Item)];
    }

    private static int Rank(CannedView item, string q)
    {
        if (q.Length == 0 || item.Shortcut.StartsWith(q, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        if (item.Shortcut.Contains(q, StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }

        return item.Text.Contains(q, StringComparison.OrdinalIgnoreCase) ? 2 : int.MaxValue;
    }
}
