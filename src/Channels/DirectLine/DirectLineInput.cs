using System.Text.Unicode;
using LiveChat.Channels.Activities;

namespace LiveChat.Channels.DirectLine;

/// <summary>A Direct Line client's body as one activity: invalid UTF-8 and what <see cref="ActivityInput"/> refuses are a 400.</summary>
internal static class DirectLineInput
{
    /// <summary>The body as one activity, or null with the reason.</summary>
    public static Activity? Parse(ReadOnlySpan<byte> body, out string? problem)
    {
        problem = null;
        if (!Utf8.IsValid(body))
        {
            problem = "The body is not valid UTF-8.";
            return null;
        }

        try
        {
            var activity = JsonSerializer.Deserialize(body, DirectLineJson.Default.Activity);
            problem = activity is { Type.Length: > 0 } ? ActivityInput.Problem(activity) : "The body must be one Activity as JSON, with a type.";
            return problem is null ? activity : null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            problem = "The body must be one Activity as JSON, with a type.";
            return null;
        }
    }
}
