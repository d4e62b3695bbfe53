using FluentValidation;
using LiveChat.Gateway.Auth;

namespace LiveChat.Gateway.Operators;

public static class Departments
{
    public sealed record CreateRequest(string Name);

    /// <summary>A new name, and <c>isDefault: true</c> to make this the department of chats that name none.</summary>
    public sealed record UpdateRequest(string Name, bool? IsDefault);

    public sealed class CreateValidator : AbstractValidator<CreateRequest>
    {
        public CreateValidator() => RuleFor(r => r.Name).NotEmpty().MaximumLength(100);
    }

    public sealed class UpdateValidator : AbstractValidator<UpdateRequest>
    {
        public UpdateValidator() => RuleFor(r => r.Name).NotEmpty().MaximumLength(100);
    }

    public static IEndpointRouteBuilder MapDepartments(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/departments").WithTags("Departments");
        group.MapGet("/", ListAsync).WithName("ListDepartments").WithSummary("All departments.");
        group.MapPost("/", CreateAsync).Validate<CreateRequest>().RequireAuthorization(Policies.Admin)
            .WithName("CreateDepartment").WithSummary("Create a department (admin).");
        group.MapPut("/{id}", UpdateAsync).Validate<UpdateRequest>().RequireAuthorization(Policies.Admin)
            .WithName("UpdateDepartment").WithSummary("Rename a department, or make it the default one; there is always exactly one default (admin).");
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

    private static async Task<Results<Ok<DepartmentView>, ProblemHttpResult>> UpdateAsync(
        string id, UpdateRequest request, Db db, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var current = await work.SingleOrDefaultAsync<DepartmentRow>("SELECT id, name, is_default, created_at FROM departments WHERE id = @id", new { id });
        if (current is null)
        {
            return ProblemDetailsBody.NotFound("department", id);
        }

        if (request.IsDefault == false && current.IsDefault)
        {
            return ProblemDetailsBody.Conflict($"'{current.Name}' is the default department; make another department the default instead.");
        }

        var updated = current with { Name = request.Name.Trim(), IsDefault = request.IsDefault ?? current.IsDefault };
        try
        {
            if (updated.IsDefault && !current.IsDefault)
            {
                // Cleared first: the unique index on is_default allows one default at any moment.
                await work.ExecuteAsync("UPDATE departments SET is_default = @no WHERE is_default = @yes", new { no = false, yes = true });
            }

            await work.ExecuteAsync("UPDATE departments SET name = @Name, is_default = @IsDefault WHERE id = @Id", updated);
        }
        catch (DbException exception) when (Db.IsUniqueViolation(exception))
        {
            return ProblemDetailsBody.Conflict($"A department named '{updated.Name}' exists already.");
        }

        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(updated.ToView());
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
