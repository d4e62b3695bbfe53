using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace LiveChat.OperatorConsole.Components.Charts;

/// <summary>What the charts share: numbers written for SVG attributes, and axis labels.</summary>
public static class Svg
{
    public static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>An axis label. Razor reads &lt;text&gt; inside a code block as its own tag, so the SVG element is built here.</summary>
    public static RenderFragment AxisText(double x, double y, string content) => builder =>
    {
        builder.OpenElement(0, "text");
        builder.AddAttribute(1, "x", F(x));
        builder.AddAttribute(2, "y", F(y));
        builder.AddAttribute(3, "text-anchor", "middle");
        builder.AddAttribute(4, "class", "lc-axis");
        builder.AddContent(5, content);
        builder.CloseElement();
    };
}
