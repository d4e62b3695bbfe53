using System.Globalization;

namespace LiveChat.Channels.Meta;

/// <summary>
/// Meta's timestamps: WhatsApp sends strings of Unix seconds, Messenger/Instagram numbers of epoch
/// milliseconds (and a few documented samples use seconds or ISO strings). Values below 10^11 are taken
/// as seconds (10^11 ms is 1973, 10^11 s is year 5138). Anything unreadable becomes null instead of
/// failing the whole notification.
/// </summary>
internal sealed class EpochTimestampConverter : JsonConverter<DateTimeOffset?>
{
    private const long SecondsCeiling = 100_000_000_000;

    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt64(out var number):
                return FromEpoch(number);
            case JsonTokenType.String:
                var text = reader.GetString();
                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    return FromEpoch(parsed);
                }

                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso)
                    ? iso.ToUniversalTime()
                    : null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } time)
        {
            writer.WriteNumberValue(time.ToUnixTimeSeconds());
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    internal static DateTimeOffset? FromEpoch(long value)
    {
        try
        {
            return value < SecondsCeiling ? DateTimeOffset.FromUnixTimeSeconds(value) : DateTimeOffset.FromUnixTimeMilliseconds(value);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
