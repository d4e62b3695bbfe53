using FluentValidation;
using LiveChat.Gateway.Auth;

namespace LiveChat.Gateway.Operators;

public static class Departments
{
    public sealed record CreateRequest(string Name);

    public sealed class CreateValidator : AbstractValidator<CreateRequest>
    {
        public CreateValidator() => RuleFor(r => r.Name).NotEmpty().MaximumLength(100);
    }

    public static IEndpointRouteBuilder MapDepartments(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/departments").WithTags("Departments");
        group.MapGet("/", ListAsync).WithName("ListDepartments").WithSummary("All departments.");
        group.MapPost("/", CreateAsync).Validate<CreateRequest>().RequireAuthorization(Policies.Admin)
            .WithName("CreateDepartment").WithSummary("Create a department (admin).");
        return api;
    }

    private static async Task<Ok<List<DepartmentView>>> ListAsync(Db db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DepartmentRow>(new CommandDefinition(
            "SELECT id, name, is_default, created_at FROM departments ORDER BY name", cancellationToken: cancellationToken));
        return TypedResults.Ok(rows.Select(r => r.ToView()).ToList());
    }

    private static async Task<Results<Created<DepartmentView>, ProblemHttpResult>> CreateAsync(
        CreateRequest request, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var department = new DepartmentView(Ids.New("dep"), request.Name.Trim(), false, time.GetUtcNow());
        await using var connection = await db.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO departments (id, name, is_default, created_at) VALUES (@Id, @Name, @IsDefault, @CreatedAt)",
                department,
                cancellationToken: cancellationToken));
        }
        catch (DbException exception) when (Db.IsUniqueViolation(exception))
        {
            return ProblemDetailsBody.Conflict($"A department named '{department.Name}' exists already.");
        }

        return TypedResults.Created($"/api/v1/departments/{department.Id}", department);
    }

    private sealed record DepartmentRow
    {
        public required string Id { get; init; }
        public required string Name { get; init; }
        public bool IsDefault { get; init; }
        public DateTimeOffset CreatedAt { get; init; }

        public DepartmentView ToView() => new(Id, Name, IsDefault, CreatedAt);
    }
}
