namespace LiveChat.Channels.Tests.Support;

/// <summary>Notification bodies shaped like PROTOCOLS.md §1–3 (Meta's own examples where it has them).</summary>
internal static class Payloads
{
    public const string Wamid = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";

    // §1.3 "Text Message", Meta's OpenAPI example.
    public const string WhatsAppText = """
        {
          "object": "whatsapp_business_account",
          "entry": [{
            "id": "419561257915477",
            "changes": [{
              "field": "messages",
              "value": {
                "messaging_product": "whatsapp",
                "metadata": { "display_phone_number": "15550783881", "phone_number_id": "106540352242922" },
                "contacts": [{ "profile": { "name": "Sheena Nelson" }, "wa_id": "16505551234" }],
                "messages": [{
                  "from": "16505551234",
                  "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
                  "timestamp": "1749416383",
                  "type": "text",
                  "text": { "body": "Does it come in another color?" }
                }]
              }
            }]
          }]
        }
        """;

    /// <summary>One WhatsApp change carrying these messages from Sheena Nelson (16505551234).</summary>
    public static string WhatsAppMessages(params string[] messages) => WhatsAppEntries(WhatsAppValue(messages: messages));

    public static string WhatsAppStatuses(params string[] statuses) => WhatsAppEntries(WhatsAppValue(statuses: statuses));

    public static string WhatsAppValue(string[]? messages = null, string[]? statuses = null, string contacts = """[{ "profile": { "name": "Sheena Nelson" }, "wa_id": "16505551234" }]""") =>
        $$"""
        {
          "messaging_product": "whatsapp",
          "metadata": { "display_phone_number": "15550783881", "phone_number_id": "106540352242922" },
          "contacts": {{contacts}},
          "messages": [{{string.Join(",", messages ?? [])}}],
          "statuses": [{{string.Join(",", statuses ?? [])}}]
        }
        """;

    public static string WhatsAppEntries(params string[] values) =>
        $$"""
        {
          "object": "whatsapp_business_account",
          "entry": [{{string.Join(",", values.Select((value, i) => $$"""
            { "id": "41956125791547{{i}}", "changes": [{ "field": "messages", "value": {{value}} }] }
            """))}}]
        }
        """;

    public static string WhatsAppMessage(string type, string content, string id = "wamid.IN1", string extra = "") =>
        $$"""
        { "from": "16505551234", "id": "{{id}}", "timestamp": "1744344496", "type": "{{type}}", "{{type}}": {{content}}{{extra}} }
        """;

    public static string WhatsAppStatus(string id, string status, string timestamp = "1750857384", string extra = "") =>
        $$"""
        { "id": "{{id}}", "status": "{{status}}", "timestamp": "{{timestamp}}", "recipient_id": "16505551234"{{extra}} }
        """;

    // §1.3 failed status, 24-hour window closed.
    public const string FailedErrors = """
        , "errors": [{
            "code": 131047,
            "title": "Re-engagement message",
            "message": "Re-engagement message",
            "error_data": { "details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number." },
            "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"
          }]
        """;

    public const string Psid = "6543210987654321";

    /// <summary>A Messenger (object page) or Instagram notification with these messaging events.</summary>
    public static string Messaging(string @object, string pageId, params string[] events) =>
        $$"""
        { "object": "{{@object}}", "entry": [{ "id": "{{pageId}}", "time": 1458692752478, "messaging": [{{string.Join(",", events)}}] }] }
        """;

    public static string FromCustomer(string pageId, string body, long timestamp = 1458692752478) =>
        $$"""
        { "sender": { "id": "{{Psid}}" }, "recipient": { "id": "{{pageId}}" }, "timestamp": {{timestamp}}, {{body}} }
        """;
}
