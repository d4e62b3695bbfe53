namespace LiveChat.Gateway.Transcripts;

public enum SenderKind
{
    Visitor,
    Operator,
    Bot,
    System,
}
