using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LiveChat.Bench;

/// <summary>
/// The machine's own ceilings, measured the same way as the gateway: B0 = a bare Kestrel endpoint that reads
/// the body and answers 200; B1 = the same plus one prepared INSERT committed to the same PostgreSQL.
/// </summary>
public static class Baselines
{
    public static async Task<WebApplication> StartAsync(string? postgres)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        NpgsqlDataSource? source = null;
        if (postgres is not null)
        {
            source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgres) { MaxAutoPrepare = 10, MaxPoolSize = 100 }.ConnectionString);
            await using var connection = await source.OpenConnectionAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS bench_b1 (id bigserial PRIMARY KEY, payload text NOT NULL, at timestamptz NOT NULL)", connection);
            await create.ExecuteNonQueryAsync();
        }

        app.MapPost("/b0", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            await reader.ReadToEndAsync();
            return Results.Ok();
        });
        app.MapPost("/b1", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            await using var connection = await source!.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO bench_b1 (payload, at) VALUES ($1, $2)", connection, transaction);
            insert.Parameters.AddWithValue(body);
            insert.Parameters.AddWithValue(DateTimeOffset.UtcNow);
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }
}
