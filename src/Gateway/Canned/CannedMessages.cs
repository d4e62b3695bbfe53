using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Chats;
using Microsoft.AspNetCore.Mvc;

namespace LiveChat.Gateway.Canned;

/// <summary>/api/v1/canned-messages: ready answers with a shortcut (#refund), global or of one department.</summary>
public static class CannedMessages
{
    public sealed record CannedRequest(string Shortcut, string Text, string? DepartmentId, string? CategoryId);

    public sealed class CannedValidator : AbstractValidator<CannedRequest>
    {
        public CannedValidator()
        {
            RuleFor(r => r.Shortcut).NotEmpty().Matches("^#?[A-Za-z0-9_-]{1,40}$")
                .WithMessage("'shortcut' must be 1 to 40 letters, digits, '-' or '_', optionally after a '#'.");
            RuleFor(r => r.Text).NotEmpty().MaximumLength(4000);
            RuleFor(r => r.DepartmentId).MaximumLength(OperatorInput.MaxId);
            RuleFor(r => r.CategoryId).MaximumLength(OperatorInput.MaxId);
        }
    }

    private const string Columns = "id, shortcut, text, department_id, category_id, created_at, updated_at";

    public static IEndpointRouteBuilder MapCannedMessages(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/canned-messages").WithTags("Canned messages");
        group.MapGet("/", ListAsync).WithName("ListCannedMessages").WithSummary("Canned messages of your departments and the global ones.");
        group.MapGet("/suggest", SuggestAsync).WithName("SuggestCannedMessages")
            .WithSummary("The best matches for the # picker: shortcut prefix first, then shortcut and text containing q.");
        group.MapPost("/", CreateAsync).Validate<CannedRequest>().RequireAuthorization(Policies.Supervisor).WithName("CreateCannedMessage");
        group.MapPut("/{id}", UpdateAsync).Validate<CannedRequest>().RequireAuthorization(Policies.Supervisor).WithName("UpdateCannedMessage");
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization(Policies.Supervisor).WithName("DeleteCannedMessage");
        return api;
    }

    public static string NormalizeShortcut(string shortcut) => shortcut.Trim().TrimStart('#');

    internal static async Task<ProblemHttpResult?> MissingDepartmentAsync(UnitOfWork work, string? departmentId) =>
        departmentId is not null && await work.ScalarAsync<long>("SELECT COUNT(*) FROM departments WHERE id = @departmentId", new { departmentId }) == 0
            ? TypedResults.Problem(statusCode: 422, title: "Unprocessable Entity", detail: $"There is no department '{departmentId}'.")
            : null;

    private static async Task<Ok<List<CannedView>>> ListAsync(
        ClaimsPrincipal user, Db db, CancellationToken cancellationToken, [FromQuery] string? departmentId = null, [FromQuery] string? categoryId = null) =>
        TypedResults.Ok((await VisibleAsync(user, db, departmentId, cancellationToken))
            .Where(c => categoryId is null || c.CategoryId == categoryId)
            .OrderBy(c => c.Shortcut, StringComparer.OrdinalIgnoreCase)
            .ToList());

    private static async Task<Results<Ok<IReadOnlyList<CannedView>>, ProblemHttpResult>> SuggestAsync(
        ClaimsPrincipal user, Db db, CancellationToken cancellationToken, [FromQuery] string? q = null, [FromQuery] string? departmentId = null, [FromQuery] int? limit = null)
    {
        var candidates = await VisibleAsync(user, db, departmentId, cancellationToken);
        return TypedResults.Ok(CannedRanking.Suggest(candidates, q, Math.Clamp(limit ?? 10, 1, 50)));
    }

    /// <summary>Global messages and those of the operator's departments (all departments for supervisors), optionally narrowed to one.</summary>
    private static async Task<List<CannedView>> VisibleAsync(ClaimsPrincipal user, Db db, string? departmentId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var access = await ChatAccess.ForAsync(user, connection, cancellationToken);
        var rows = await connection.QueryAsync<CannedView>(new CommandDefinition(
            $"SELECT {Columns} FROM canned_messages WHERE department_id IS NULL OR @departmentId IS NULL OR department_id = @departmentId LIMIT 5000",
            new { departmentId },
            cancellationToken: cancellationToken));
        return [.. rows.Where(c => c.DepartmentId is null || access.CanSee(c.DepartmentId))];
    }

    private static async Task<Results<Created<CannedView>, ProblemHttpResult>> CreateAsync(CannedRequest request, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var canned = new CannedView(Ids.New("cm"), NormalizeShortcut(request.Shortcut), request.Text.Trim(), request.DepartmentId, request.CategoryId, now, now);
        return await SaveAsync(db, canned, insert: true, cancellationToken) is { } problem
            ? problem
            : TypedResults.Created($"/api/v1/canned-messages/{canned.Id}", canned);
    }

    private static async Task<Results<Ok<CannedView>, ProblemHttpResult>> UpdateAsync(string id, CannedRequest request, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            var createdAt = await connection.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition(
                "SELECT created_at FROM canned_messages WHERE id = @id", new { id }, cancellationToken: cancellationToken));
            if (createdAt is null)
            {
                return ProblemDetailsBody.NotFound("canned message", id);
            }

            var canned = new CannedView(id, NormalizeShortcut(request.Shortcut), request.Text.Trim(), request.DepartmentId, request.CategoryId, createdAt.Value, time.GetUtcNow());
            return await SaveAsync(db, canned, insert: false, cancellationToken) is { } problem ? problem : TypedResults.Ok(canned);
        }
    }

    private static async Task<ProblemHttpResult?> SaveAsync(Db db, CannedView canned, bool insert, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        if (await MissingDepartmentAsync(work, canned.DepartmentId) is { } missing)
        {
            return missing;
        }

        if (canned.CategoryId is not null && await work.ScalarAsync<long>("SELECT COUNT(*) FROM canned_categories WHERE id = @CategoryId", canned) == 0)
        {
            return TypedResults.Problem(statusCode: 422, title: "Unprocessable Entity", detail: $"There is no canned category '{canned.CategoryId}'.");
        }

        try
        {
            await work.ExecuteAsync(
                insert
                    ? $"INSERT INTO canned_messages ({Columns}) VALUES (@Id, @Shortcut, @Text, @DepartmentId, @CategoryId, @CreatedAt, @UpdatedAt)"
                    : "UPDATE canned_messages SET shortcut = @Shortcut, text = @Text, department_id = @DepartmentId, category_id = @CategoryId, updated_at = @UpdatedAt WHERE id = @Id",
                canned);
        }
        catch (DbException exception) when (Db.IsUniqueViolation(exception))
        {
            return ProblemDetailsBody.Conflict($"The shortcut '#{canned.Shortcut}' is taken already in this department.");
        }

        await work.CommitAsync(cancellationToken);
        return null;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, Db db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM canned_messages WHERE id = @id", new { id }, cancellationToken: cancellationToken)) == 0
            ? ProblemDetailsBody.NotFound("canned message", id)
            : TypedResults.NoContent();
    }
}
