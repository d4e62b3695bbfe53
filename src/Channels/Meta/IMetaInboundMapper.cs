namespace LiveChat.Channels.Meta;

/// <summary>Turns one verified webhook body into the batch for the inbox.</summary>
internal interface IMetaInboundMapper
{
    InboundMapping Map(ReadOnlySpan<byte> body);
}
