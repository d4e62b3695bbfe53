using LiveChat.Gateway.Auth;
using Microsoft.AspNetCore.Mvc;

namespace LiveChat.Gateway.Reports;

/// <summary>GET /reports/chats: the chat report of a date range (supervisors and admins).</summary>
public static class GetChatReport
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder api)
    {
        api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Policies.Supervisor)
            .MapGet("/chats", GetAsync).WithName("GetChatReport")
            .WithSummary("Chats started, answered and missed, waits, response and handling times, per day, per wait and per operator, "
                + "over the local days from..to (yyyy-MM-dd, default the last 7) in timeZone (IANA, default UTC); supervisors and admins.");
        return api;
    }

    private static async Task<Results<Ok<ChatReport>, ValidationProblem>> GetAsync(
        Db db,
        TimeProvider time,
        CancellationToken cancellationToken,
        [FromQuery] DateOnly? from = null,
        [FromQuery] DateOnly? to = null,
        [FromQuery] string? timeZone = null,
        [FromQuery] string? departmentId = null,
        [FromQuery] string? channel = null,
        [FromQuery] string? operatorId = null)
    {
        var (period, field, error) = ReportPeriod.Decide(from, to, timeZone, time.GetUtcNow());
        if (period is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field!] = [error!] });
        }

        var parameters = new DynamicParameters(new { departmentId, channel, operatorId });
        for (var i = 0; i < period.Days.Count; i++)
        {
            parameters.Add($"s{i}", period.Days[i].Start);
            parameters.Add($"e{i}", period.Days[i].End);
        }

        var filters = (departmentId is null ? string.Empty : ChatReportSql.DepartmentFilter)
            + (channel is null ? string.Empty : ChatReportSql.ChannelFilter)
            + (operatorId is null ? string.Empty : ChatReportSql.OperatorFilter);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = db.IsPostgres ? await connection.BeginTransactionAsync(cancellationToken) : null;
        if (transaction is not null)
        {
            // The estimates of a query this size pass jit_above_cost; compiling it took longer than running it. The
            // durations of a month (three per chat) are sorted for the percentiles: in memory, not in files on disk.
            await connection.ExecuteAsync(new CommandDefinition("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'", transaction: transaction, cancellationToken: cancellationToken));
        }

        var rows = await connection.QueryAsync<ChatReportRow>(new CommandDefinition(
            ChatReportSql.Build(db.IsPostgres, period.Days.Count, filters), parameters, transaction, cancellationToken: cancellationToken));
        var report = ChatReportRow.ToReport(period, [.. rows]) with
        {
            DepartmentId = departmentId,
            Channel = channel,
            OperatorId = operatorId,
        };
        return TypedResults.Ok(report);
    }
}
