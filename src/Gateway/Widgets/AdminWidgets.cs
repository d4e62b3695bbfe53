using FluentValidation;
using LiveChat.Gateway.Auth;

namespace LiveChat.Gateway.Widgets;

/// <summary>The admin API for console widgets: list, create (secret shown once), update, replace the secret, delete.</summary>
public static class AdminWidgets
{
    public static readonly string[] Kinds = ["iframe", "card"];

    public sealed class RequestValidator : AbstractValidator<WidgetRequest>
    {
        public RequestValidator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Kind).Must(k => Kinds.Contains(k)).WithMessage("'kind' must be iframe or card.");
            RuleFor(r => r.UrlTemplate).Custom((template, context) =>
            {
                if (WidgetTemplate.Problem(template) is { } problem)
                {
                    context.AddFailure(problem);
                }
            });
            RuleFor(r => r.DepartmentId).MaximumLength(OperatorInput.MaxId);
        }
    }

    public static IEndpointRouteBuilder MapAdminWidgets(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/widgets").WithTags("Widgets").RequireAuthorization(Policies.Admin);
        group.MapGet("/", ListAsync).WithName("ListWidgets").WithSummary("The console widgets (never their secrets).");
        group.MapPost("/", CreateAsync).Validate<WidgetRequest>().WithName("CreateWidget")
            .WithSummary("Add a console widget (iframe or card, optionally for one department); the secret that signs its tokens is in this answer only.");
        group.MapPut("/{id}", UpdateAsync).Validate<WidgetRequest>().WithName("UpdateWidget")
            .WithSummary("Rename, change the kind, URL template or department, turn on or off.");
        group.MapPost("/{id}/secret", ReplaceSecretAsync).WithName("ReplaceWidgetSecret")
            .WithSummary("A new secret for the widget (shown once); tokens signed with the old one stop verifying at once.");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteWidget");
        return api;
    }

    private static async Task<Ok<List<WidgetView>>> ListAsync(Db db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<WidgetRow>(new CommandDefinition(
            $"SELECT {WidgetRow.Columns} FROM widgets ORDER BY created_at, id", cancellationToken: cancellationToken));
        return TypedResults.Ok(rows.Select(r => r.ToView()).ToList());
    }

    private static async Task<Results<Created<WidgetSecretView>, ValidationProblem>> CreateAsync(
        WidgetRequest request, Db db, WidgetSigning signing, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        if (await UnknownDepartmentAsync(connection, request.DepartmentId, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        var now = time.GetUtcNow();
        var id = Ids.New("wdg");
        var secret = WidgetSigning.NewSecret();
        var row = new WidgetRow
        {
            Id = id,
            Name = request.Name.Trim(),
            Kind = request.Kind,
            UrlTemplate = request.UrlTemplate.Trim(),
            Enabled = request.Enabled,
            DepartmentId = request.DepartmentId,
            SecretCipher = signing.Protect(id, secret),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO widgets (id, name, kind, url_template, enabled, department_id, secret_cipher, created_at, updated_at)
            VALUES (@Id, @Name, @Kind, @UrlTemplate, @Enabled, @DepartmentId, @SecretCipher, @CreatedAt, @UpdatedAt)
            """,
            row,
            cancellationToken: cancellationToken));
        return TypedResults.Created($"/api/v1/widgets/{id}", new WidgetSecretView(row.ToView(), secret));
    }

    private static async Task<Results<Ok<WidgetView>, ProblemHttpResult, ValidationProblem>> UpdateAsync(
        string id, WidgetRequest request, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        if (await FindAsync(connection, id, cancellationToken) is not { } row)
        {
            return ProblemDetailsBody.NotFound("widget", id);
        }

        if (await UnknownDepartmentAsync(connection, request.DepartmentId, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        row = row with
        {
            Name = request.Name.Trim(),
            Kind = request.Kind,
            UrlTemplate = request.UrlTemplate.Trim(),
            Enabled = request.Enabled,
            DepartmentId = request.DepartmentId,
            UpdatedAt = time.GetUtcNow(),
        };
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE widgets SET name = @Name, kind = @Kind, url_template = @UrlTemplate, enabled = @Enabled,
                department_id = @DepartmentId, updated_at = @UpdatedAt
            WHERE id = @Id
            """,
            row,
            cancellationToken: cancellationToken));
        return TypedResults.Ok(row.ToView());
    }

    private static async Task<Results<Ok<WidgetSecretView>, ProblemHttpResult>> ReplaceSecretAsync(
        string id, Db db, WidgetSigning signing, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        if (await FindAsync(connection, id, cancellationToken) is not { } row)
        {
            return ProblemDetailsBody.NotFound("widget", id);
        }

        var secret = WidgetSigning.NewSecret();
        row = row with { SecretCipher = signing.Protect(id, secret), UpdatedAt = time.GetUtcNow() };
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE widgets SET secret_cipher = @SecretCipher, updated_at = @UpdatedAt WHERE id = @Id", row, cancellationToken: cancellationToken));
        return TypedResults.Ok(new WidgetSecretView(row.ToView(), secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, Db db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition("DELETE FROM widgets WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return deleted == 0 ? ProblemDetailsBody.NotFound("widget", id) : TypedResults.NoContent();
    }

    private static Task<WidgetRow?> FindAsync(DbConnection connection, string id, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<WidgetRow>(new CommandDefinition(
            $"SELECT {WidgetRow.Columns} FROM widgets WHERE id = @id", new { id }, cancellationToken: cancellationToken));

    private static async Task<ValidationProblem?> UnknownDepartmentAsync(DbConnection connection, string? departmentId, CancellationToken cancellationToken) =>
        departmentId is null || await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM departments WHERE id = @departmentId", new { departmentId }, cancellationToken: cancellationToken)) > 0
            ? null
            : ProblemDetailsBody.Invalid("departmentId", $"There is no department '{departmentId}'.");
}

/// <summary>A widget as stored.</summary>
public sealed record WidgetRow
{
    public const string Columns = "id, name, kind, url_template, enabled, department_id, secret_cipher, created_at, updated_at";

    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string UrlTemplate { get; init; }
    public bool Enabled { get; init; }
    public string? DepartmentId { get; init; }
    public required string SecretCipher { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public WidgetView ToView() => new(Id, Name, Kind, UrlTemplate, Enabled, DepartmentId, CreatedAt, UpdatedAt);
}
