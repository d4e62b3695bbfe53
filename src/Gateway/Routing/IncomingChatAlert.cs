using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Routing;

/// <summary>
/// The incoming-chat alert: a <c>chat.alert</c> event addressed to each online operator of the chat's
/// department whose ringer is on. (<c>chat.queued</c> still goes to the whole department, so that every
/// open queue view updates; the alert is what rings.)
/// </summary>
public static class IncomingChatAlert
{
    public static async Task RaiseAsync(UnitOfWork work, string chatId, string departmentId, object data, List<NewEvent> pending)
    {
        var ringing = await work.QueryAsync<string>(
            """
            SELECT o.id FROM operators o JOIN operator_departments d ON d.operator_id = o.id
            WHERE d.department_id = @departmentId AND o.status = 'online' AND o.ringer = @yes
            """,
            new { departmentId, yes = true });
        foreach (var operatorId in ringing)
        {
            pending.Add(new NewEvent("chat.alert", chatId, departmentId, operatorId, data));
        }
    }
}
