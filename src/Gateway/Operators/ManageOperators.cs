using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Operators;

public static class ManageOperators
{
    public sealed record OperatorRequest(
        string Name,
        string Email,
        string? Password,
        string Role,
        IReadOnlyList<string>? DepartmentIds,
        int? MaxConcurrentChats,
        string? Language,
        bool? Disabled = null);

    public sealed class OperatorValidator : AbstractValidator<OperatorRequest>
    {
        public OperatorValidator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Email).NotEmpty().EmailAddress().MaximumLength(320);
            RuleFor(r => r.Password).MinimumLength(8).MaximumLength(200);
            RuleFor(r => r.Role).Must(Roles.IsValid).WithMessage("'role' must be one of agent, supervisor, admin.");
            RuleFor(r => r.MaxConcurrentChats).InclusiveBetween(1, 100);
            RuleFor(r => r.Language).MaximumLength(35).Matches("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$").When(r => r.Language is not null)
                .WithMessage("'language' must be a language tag such as en or de-CH.");
            RuleFor(r => r.DepartmentIds).Must(ids => ids is null || ids.Count <= 50).WithMessage("'departmentIds' may name at most 50 departments.");
            RuleForEach(r => r.DepartmentIds).NotEmpty().MaximumLength(OperatorInput.MaxId);
        }
    }

    public static IEndpointRouteBuilder MapOperators(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/operators").WithTags("Operators");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Supervisor).WithName("ListOperators");
        group.MapGet("/me", MeAsync).WithName("GetMe").WithSummary("The signed-in operator.");
        group.MapPost("/", CreateAsync).Validate<OperatorRequest>().RequireAuthorization(Policies.Admin).WithName("CreateOperator");
        group.MapPut("/{id}", UpdateAsync).Validate<OperatorRequest>().RequireAuthorization(Policies.Admin).WithName("UpdateOperator")
            .WithSummary("Edit an operator; a password resets theirs, disabled: true signs them out, stops their chats coming and puts their open chats back in the queue (admin).");
        return api;
    }

    private static async Task<Ok<List<OperatorView>>> ListAsync(Db db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>(new CommandDefinition("SELECT id FROM operators ORDER BY name", cancellationToken: cancellationToken));
        var views = new List<OperatorView>();
        foreach (var id in ids)
        {
            views.Add((await OperatorAccount.FindAsync(connection, "id", id, cancellationToken))!.ToView());
        }

        return TypedResults.Ok(views);
    }

    private static async Task<Results<Ok<OperatorView>, ProblemHttpResult>> MeAsync(ClaimsPrincipal user, Db db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var account = await OperatorAccount.FindAsync(connection, "id", user.OperatorId(), cancellationToken);
        return account is null ? ProblemDetailsBody.NotFound("operator", user.OperatorId()) : TypedResults.Ok(account.ToView());
    }

    private static async Task<Results<Created<OperatorView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        OperatorRequest request, Db db, Passwords passwords, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = ["'password' is required for a new operator."] });
        }

        var id = Ids.New("op");
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        if (await MissingDepartmentsAsync(work, request.DepartmentIds) is { } missing)
        {
            return missing;
        }

        try
        {
            await work.ExecuteAsync(
                $"""
                INSERT INTO operators (id, email, email_normalized, name, password_hash, role, max_concurrent_chats, language, status, ringer, created_at, updated_at)
                VALUES (@id, @email, @normalized, @Name, @hash, @Role, @max, @language, {Sql.Literal(OperatorState.Offline)}, @yes, @now, @now)
                """,
                new
                {
                    id,
                    email = request.Email.Trim(),
                    normalized = OperatorAccount.Normalize(request.Email),
                    request.Name,
                    hash = passwords.Hash(request.Password),
                    request.Role,
                    max = request.MaxConcurrentChats ?? 5,
                    language = request.Language ?? "en",
                    yes = true,
                    now,
                });
        }
        catch (DbException exception) when (Db.IsUniqueViolation(exception))
        {
            return ProblemDetailsBody.Conflict("An operator with this email exists already.");
        }

        await SetDepartmentsAsync(work, id, request.DepartmentIds ?? []);
        await work.CommitAsync(cancellationToken);
        var created = (await OperatorAccount.FindAsync(work.Connection, "id", id, cancellationToken))!;
        return TypedResults.Created($"/api/v1/operators/{id}", created.ToView());
    }

    private static async Task<Results<Ok<OperatorView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, OperatorRequest request, ClaimsPrincipal user, Db db, Passwords passwords, OperatorAccess access,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.Disabled == true && id == user.OperatorId())
        {
            return ProblemDetailsBody.Conflict("You cannot disable yourself; another admin can.");
        }

        await using var work = await db.BeginAsync(cancellationToken);
        if (await MissingDepartmentsAsync(work, request.DepartmentIds) is { } missing)
        {
            return missing;
        }

        int updated;
        try
        {
            updated = await work.ExecuteAsync(
                $"""
                UPDATE operators SET name = @Name, email = @email, email_normalized = @normalized, role = @Role,
                       max_concurrent_chats = COALESCE(@MaxConcurrentChats, max_concurrent_chats), language = COALESCE(@Language, language),
                       password_hash = COALESCE(@hash, password_hash), disabled = COALESCE(@Disabled, disabled),
                       status = CASE WHEN @Disabled = @yes THEN {Sql.Literal(OperatorState.Offline)} ELSE status END, updated_at = @now
                WHERE id = @id
                """,
                new
                {
                    id,
                    request.Name,
                    email = request.Email.Trim(),
                    normalized = OperatorAccount.Normalize(request.Email),
                    request.Role,
                    request.MaxConcurrentChats,
                    request.Language,
                    request.Disabled,
                    yes = true,
                    hash = request.Password is null ? null : passwords.Hash(request.Password),
                    now = time.GetUtcNow(),
                });
        }
        catch (DbException exception) when (Db.IsUniqueViolation(exception))
        {
            return ProblemDetailsBody.Conflict("An operator with this email exists already.");
        }

        if (updated == 0)
        {
            return ProblemDetailsBody.NotFound("operator", id);
        }

        if (request.DepartmentIds is not null)
        {
            await work.ExecuteAsync("DELETE FROM operator_departments WHERE operator_id = @id", new { id });
            await SetDepartmentsAsync(work, id, request.DepartmentIds);
        }

        var account = (await OperatorAccount.FindAsync(work.Connection, "id", id, work.CancellationToken, work.Transaction))!;
        if (request.Disabled == true)
        {
            // Disabling set them offline: whoever watches the operators (the monitor) sees it at once; their open chats go back to the queue.
            var now = time.GetUtcNow();
            SetMyStatus.RaiseStatus(work, account, now);
            var by = (await OperatorSnapshot.LoadAsync(work, user.OperatorId()))?.ToActor() ?? Actor.Operator(user.OperatorId(), null);
            await DisabledOperatorChats.ReleaseAsync(work, account.Id, account.Name, by, now);
            await work.CommitAsync(cancellationToken);
        }
        else
        {
            await work.CommitAsync(cancellationToken);
        }

        access.Forget(id);
        return TypedResults.Ok(account.ToView());
    }

    private static async Task<ValidationProblem?> MissingDepartmentsAsync(UnitOfWork work, IReadOnlyList<string>? departmentIds)
    {
        foreach (var departmentId in departmentIds ?? [])
        {
            if (await work.ScalarAsync<long>("SELECT COUNT(*) FROM departments WHERE id = @departmentId", new { departmentId }) == 0)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["departmentIds"] = [$"There is no department '{departmentId}'."],
                });
            }
        }

        return null;
    }

    private static Task SetDepartmentsAsync(UnitOfWork work, string operatorId, IReadOnlyList<string> departmentIds) =>
        work.ExecuteAsync(
            "INSERT INTO operator_departments (operator_id, department_id) VALUES (@operatorId, @departmentId) ON CONFLICT DO NOTHING",
            departmentIds.Distinct(StringComparer.Ordinal).Select(departmentId => new { operatorId, departmentId }));
}
