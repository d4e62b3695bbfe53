namespace LiveChat.Gateway.Chats;

public enum SenderKind
{
    Visitor,
    Operator,
    Bot,
    System,
}
