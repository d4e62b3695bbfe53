using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Chats;
using Microsoft.AspNetCore.Mvc;

namespace LiveChat.Gateway.Canned;

/// <summary>/api/v1/canned-categories: groups of canned messages, global or of one department.</summary>
public static class CannedCategories
{
    public sealed record CategoryRequest(string Name, string? DepartmentId);

    public sealed class CategoryValidator : AbstractValidator<CategoryRequest>
    {
        public CategoryValidator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(100);
            RuleFor(r => r.DepartmentId).MaximumLength(OperatorInput.MaxId);
        }
    }

    public static IEndpointRouteBuilder MapCannedCategories(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/canned-categories").WithTags("Canned messages");
        group.MapGet("/", ListAsync).WithName("ListCannedCategories").WithSummary("Categories of your departments and the global ones.");
        group.MapPost("/", CreateAsync).Validate<CategoryRequest>().RequireAuthorization(Policies.Supervisor).WithName("CreateCannedCategory");
        group.MapPut("/{id}", UpdateAsync).Validate<CategoryRequest>().RequireAuthorization(Policies.Supervisor).WithName("UpdateCannedCategory");
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization(Policies.Supervisor).WithName("DeleteCannedCategory")
            .WithSummary("Delete a category; its messages stay, without a category.");
        return api;
    }

    private static async Task<Ok<List<CategoryView>>> ListAsync(ClaimsPrincipal user, Db db, CancellationToken cancellationToken, [FromQuery] string? departmentId = null)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var access = await ChatAccess.ForAsync(user, connection, cancellationToken);
        var rows = await connection.QueryAsync<CategoryView>(new CommandDefinition(
            "SELECT id, name, department_id, created_at FROM canned_categories WHERE (@departmentId IS NULL OR department_id = @departmentId OR department_id IS NULL) ORDER BY name",
            new { departmentId },
            cancellationToken: cancellationToken));
        return TypedResults.Ok(rows.Where(c => c.DepartmentId is null || access.CanSee(c.DepartmentId)).ToList());
    }

    private static async Task<Results<Created<CategoryView>, ProblemHttpResult>> CreateAsync(CategoryRequest request, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var category = new CategoryView(Ids.New("cc"), request.Name.Trim(), request.DepartmentId, time.GetUtcNow());
        await using var work = await db.BeginAsync(cancellationToken);
        if (await CannedMessages.MissingDepartmentAsync(work, request.DepartmentId) is { } missing)
        {
            return missing;
        }

        await work.ExecuteAsync("INSERT INTO canned_categories (id, name, department_id, created_at) VALUES (@Id, @Name, @DepartmentId, @CreatedAt)", category);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/canned-categories/{category.Id}", category);
    }

    private static async Task<Results<Ok<CategoryView>, ProblemHttpResult>> UpdateAsync(string id, CategoryRequest request, Db db, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        if (await CannedMessages.MissingDepartmentAsync(work, request.DepartmentId) is { } missing)
        {
            return missing;
        }

        var updated = await work.SingleOrDefaultAsync<CategoryView>(
            "UPDATE canned_categories SET name = @name, department_id = @DepartmentId WHERE id = @id RETURNING id, name, department_id, created_at",
            new { id, name = request.Name.Trim(), request.DepartmentId });
        if (updated is null)
        {
            return ProblemDetailsBody.NotFound("canned category", id);
        }

        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(updated);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, Db db, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        await work.ExecuteAsync("UPDATE canned_messages SET category_id = NULL WHERE category_id = @id", new { id });
        if (await work.ExecuteAsync("DELETE FROM canned_categories WHERE id = @id", new { id }) == 0)
        {
            return ProblemDetailsBody.NotFound("canned category", id);
        }

        await work.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
