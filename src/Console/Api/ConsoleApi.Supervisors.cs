using LiveChat.Contracts;

namespace LiveChat.OperatorConsole.Api;

/// <summary>The supervisors' and admins' calls: the report, the operators, the tickets.</summary>
public sealed partial class ConsoleApi
{
    public Task<ChatReport> ReportAsync(ReportQuery query, CancellationToken cancellationToken = default) =>
        GetAsync<ChatReport>($"api/v1/reports/chats?{query.ToQueryString()}", cancellationToken);

    public Task<List<OperatorView>> OperatorsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<List<OperatorView>>("api/v1/operators", cancellationToken);
}

/// <summary>What the report screen asks for.</summary>
public sealed record ReportQuery(DateOnly From, DateOnly To, string TimeZone, string? DepartmentId, string? Channel, string? OperatorId)
{
    public string ToQueryString()
    {
        var query = $"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&timeZone={ConsoleApi.Esc(TimeZone)}";
        query += DepartmentId is { Length: > 0 } d ? $"&departmentId={ConsoleApi.Esc(d)}" : string.Empty;
        query += Channel is { Length: > 0 } c ? $"&channel={ConsoleApi.Esc(c)}" : string.Empty;
        return query + (OperatorId is { Length: > 0 } o ? $"&operatorId={ConsoleApi.Esc(o)}" : string.Empty);
    }
}
