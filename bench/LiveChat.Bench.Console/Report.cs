using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LiveChat.Bench.Console;

/// <summary>What the console scenarios measured and whether the issue's targets were met; written as JSON and Markdown.</summary>
public sealed class Report
{
    private readonly List<(string Scenario, string Name, double Value)> _numbers = [];
    private readonly List<(string Scenario, string Target, double Measured, double Limit)> _checks = [];
    private readonly List<string> _notes = [];

    public void Number(string scenario, string name, double value)
    {
        _numbers.Add((scenario, name, value));
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {scenario}: {name} = {value:0.##}"));
    }

    /// <summary>A target the measured value must not exceed.</summary>
    public void AtMost(string scenario, string target, double measured, double limit)
    {
        _checks.Add((scenario, target, measured, limit));
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(measured <= limit ? "MET   " : "MISSED")} {scenario}: {target}: {measured:0.##}"));
    }

    public void Note(string text)
    {
        _notes.Add(text);
        System.Console.WriteLine($"  note: {text}");
    }

    public async Task WriteAsync(string path, object machine)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var json = JsonSerializer.Serialize(new
        {
            machine,
            at = DateTimeOffset.UtcNow,
            numbers = _numbers.Select(n => new { n.Scenario, n.Name, n.Value }),
            checks = _checks.Select(c => new { c.Scenario, c.Target, c.Measured, c.Limit, met = c.Measured <= c.Limit }),
            notes = _notes,
        }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        await File.WriteAllTextAsync(path, json);

        var text = new StringBuilder();
        text.AppendLine("| scenario | target | measured | |");
        text.AppendLine("|---|---|---:|---|");
        foreach (var c in _checks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {c.Scenario} | {c.Target} | {c.Measured:0.##} | {(c.Measured <= c.Limit ? "met" : "**missed**")} |");
        }

        text.AppendLine();
        foreach (var group in _numbers.GroupBy(n => n.Scenario))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{group.Key}: {string.Join("; ", group.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Name} {n.Value:0.##}")))}.");
            text.AppendLine();
        }

        foreach (var note in _notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        }

        await File.WriteAllTextAsync(Path.ChangeExtension(path, ".md"), text.ToString());
        System.Console.WriteLine();
        System.Console.WriteLine(text);
    }

    /// <summary>The value at quantile <paramref name="q"/> (nearest rank) of an ascending list.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The machine's load average over the last minute (/proc/loadavg), to read the figures against.</summary>
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}
