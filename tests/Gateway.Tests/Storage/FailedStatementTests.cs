using LiveChat.Gateway.Storage;

namespace LiveChat.Gateway.Tests.Storage;

/// <summary>
/// One pooled connection, auto-prepare as configured in production: a statement PostgreSQL refuses (U+0000 in a
/// parameter, the anonymous sign-in's old failure) is run until Npgsql prepares it, then other work uses the same
/// physical connection and must not read the failed statement's leftovers (npgsql/npgsql#6391).
/// </summary>
public sealed class FailedStatementTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private Db _db = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = _database.ConnectionString, MaxPoolSize = 1 };
        _db = new Db(StorageRegistration.BuildPostgres(options), StorageProvider.Postgres);
        await using var connection = await _db.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TABLE accounts (email text PRIMARY KEY, name text NOT NULL); INSERT INTO accounts VALUES ('a@example.test', 'Ann')");
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task FailedStatementOnAPlainConnectionDoesNotBreakTheNextUser()
    {
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await _db.OpenAsync(CancellationToken.None);
            await Assert.ThrowsAsync<Npgsql.PostgresException>(() => connection.QuerySingleOrDefaultAsync<string>(SignIn, new { email = "a\0@example.test" }));
        }

        await AssertOthersReadTheirOwnRowsAsync();
    }

    [Fact]
    public async Task FailedStatementInAUnitOfWorkDoesNotBreakTheNextUser()
    {
        for (var i = 0; i < 3; i++)
        {
            await using var work = await _db.BeginAsync(CancellationToken.None);
            await Assert.ThrowsAsync<Npgsql.PostgresException>(() => work.SingleOrDefaultAsync<string>(SignIn, new { email = "a\0@example.test" }));
        }

        await AssertOthersReadTheirOwnRowsAsync();
    }

    private const string SignIn = "SELECT name FROM accounts WHERE email = @email";

    private async Task AssertOthersReadTheirOwnRowsAsync()
    {
        for (var i = 0; i < 4; i++)
        {
            await using var connection = await _db.OpenAsync(CancellationToken.None);
            Assert.Equal("Ann", await connection.QuerySingleOrDefaultAsync<string>(SignIn, new { email = "a@example.test" }));
            Assert.Equal(["a@example.test"], await connection.QueryAsync<string>("SELECT email FROM accounts WHERE name = @name", new { name = "Ann" }));
        }

        await using var work = await _db.BeginAsync(CancellationToken.None);
        Assert.Equal(1, await work.ScalarAsync<int>("SELECT COUNT(*) FROM accounts WHERE email = @email", new { email = "a@example.test" }));
    }
}
