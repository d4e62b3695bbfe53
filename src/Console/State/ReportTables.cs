using System.Globalization;
using System.Text;

namespace LiveChat.OperatorConsole.State;

/// <summary>The report's charts as series and tables.</summary>
public static class ReportTables
{
    /// <summary>Colours that keep 3:1 contrast against white, one per channel in a fixed order.</summary>
    private static readonly string[] s_palette = ["#1b5e20", "#0b5cad", "#8a5300", "#6e40c9", "#b3261e", "#00626b"];

    public static IReadOnlyList<string> DayLabels(ChatReport report) => [.. report.Days.Select(d => d.Date.ToString("MM-dd", CultureInfo.InvariantCulture))];

    public static IReadOnlyList<string> Channels(ChatReport report) =>
        [.. report.Days.SelectMany(d => d.ByChannel.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public static IReadOnlyList<ChartSeries> ChatsByChannel(ChatReport report) =>
        [.. Channels(report).Select((channel, i) => new ChartSeries(
            channel, s_palette[i % s_palette.Length], [.. report.Days.Select(d => (double)d.ByChannel.GetValueOrDefault(channel))]))];

    public static ChartTable ChatsByChannelTable(ChatReport report)
    {
        var channels = Channels(report);
        return new ChartTable(
            ["Day", .. channels, "Total"],
            [.. report.Days.Select(d => (IReadOnlyList<string>)[Day(d.Date), .. channels.Select(c => Count(d.ByChannel.GetValueOrDefault(c))), Count(d.Started)])]);
    }

    public static IReadOnlyList<ChartSeries> WaitSeries(ChatReport report) =>
        [new ChartSeries("Chats", s_palette[1], [.. report.WaitDistribution.Select(b => (double)b.Chats)])];

    public static ChartTable WaitTable(ChatReport report) =>
        new(["Wait before pick-up", "Chats"], [.. report.WaitDistribution.Select(b => (IReadOnlyList<string>)[b.Label, Count(b.Chats)])]);

    public static ChartTable MissedRateTable(ChatReport report) =>
        new(["Day", "Started", "Missed", "Missed rate"], [.. report.Days.Select(d => (IReadOnlyList<string>)[Day(d.Date), Count(d.Started), Count(d.Missed), Percent(d.MissedRate)])]);

    public static ChartTable OperatorsTable(ChatReport report) =>
        new(["Operator", "Chats"], [.. report.Operators.Select(o => (IReadOnlyList<string>)[o.Name, Count(o.Chats)])]);

    public static string Percent(double rate) => rate.ToString("0.#%", CultureInfo.InvariantCulture);

    public static string Duration(double? seconds) => seconds switch
    {
        null => "—",
        < 60 => $"{seconds.Value:0} s",
        < 3600 => $"{Math.Floor(seconds.Value / 60):0} min {seconds.Value % 60:0} s",
        _ => $"{Math.Floor(seconds.Value / 3600):0} h {Math.Floor(seconds.Value % 3600 / 60):0} min",
    };

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A chart's numbers as a table: what the screen shows beside the chart and what its CSV export holds.</summary>
public sealed record ChartTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public string ToCsv()
    {
        var text = new StringBuilder();
        foreach (var row in Rows.Prepend(Headers))
        {
            text.AppendJoin(',', row.Select(Quote)).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>The CSV as a data: address, so the download is made in the browser without another request.</summary>
    public string CsvHref => "data:text/csv;charset=utf-8," + Uri.EscapeDataString(ToCsv());

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}

/// <summary>One series of a bar chart: a name, its colour, a value per label.</summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<double> Values);
