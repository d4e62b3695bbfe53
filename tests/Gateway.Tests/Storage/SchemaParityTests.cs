using System.Text.RegularExpressions;
using LiveChat.Gateway.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LiveChat.Gateway.Tests.Storage;

/// <summary>
/// The SQLite migrations restate PostgreSQL's by hand. This migrates a fresh PostgreSQL database and a fresh SQLite
/// file with the gateway's own <see cref="Migrator"/> and compares what the code depends on: tables, columns (type
/// family and nullability), primary keys, indexes by column list, CHECK-listed values and the migration versions.
/// A difference that is on purpose is listed in <see cref="s_allowed"/> with its reason; an allowance that no longer
/// matches a difference fails too, so the list stays true.
/// </summary>
public sealed partial class SchemaParityTests(SchemaParityTests.Schemas schemas) : IClassFixture<SchemaParityTests.Schemas>
{
    /// <summary>Deliberate differences, by the key the comparison reports them under.</summary>
    private static readonly Dictionary<string, string> s_allowed = new(StringComparer.Ordinal)
    {
        ["unique index departments(lower(name))"] = CaseInsensitive,
        ["unique index departments(namecollatenocase)"] = CaseInsensitive,
        ["index visitors(lower(email)) where emailisnotnull"] = CaseInsensitive,
        ["index visitors(emailcollatenocase) where emailisnotnull"] = CaseInsensitive,
        ["unique index departments(is_default) where is_default"] = BooleanPredicate,
        ["unique index departments(is_default) where is_default=1"] = BooleanPredicate,
    };

    private const string BooleanPredicate =
        "the same predicate: SQLite has no boolean type and stores true as 1, so PostgreSQL's \"WHERE is_default\" is " +
        "written \"WHERE is_default = 1\" there (one default department on both).";

    private const string CaseInsensitive =
        "case-insensitive key: PostgreSQL indexes lower(column) and the queries compare lower(...); SQLite declares the " +
        "index COLLATE NOCASE, which its case-insensitive comparisons use (NOCASE folds ASCII letters only).";

    /// <summary>
    /// How a PostgreSQL type is stored on SQLite (the storage class SQLite's affinity rules give the declared type):
    /// text and varchar are TEXT; integer, bigint and bigserial are INTEGER; boolean is INTEGER (Microsoft.Data.Sqlite
    /// writes 0/1); timestamptz is TEXT, because DapperSetup and TypedParameters write times on SQLite as fixed-width
    /// ISO-8601 UTC text ("yyyy-MM-ddTHH:mm:ss.fffffffZ") so that text order is time order; json is TEXT; bytea is BLOB.
    /// </summary>
    private static readonly Dictionary<string, string> s_sqliteStorageOf = new(StringComparer.Ordinal)
    {
        ["text"] = "TEXT",
        ["character varying"] = "TEXT",
        ["character"] = "TEXT",
        ["integer"] = "INTEGER",
        ["bigint"] = "INTEGER",
        ["smallint"] = "INTEGER",
        ["boolean"] = "INTEGER",
        ["timestamp with time zone"] = "TEXT",
        ["json"] = "TEXT",
        ["jsonb"] = "TEXT",
        ["bytea"] = "BLOB",
    };

    [Fact]
    public void BothSchemasWereReadInFull()
    {
        // Guards the other tests against passing on nothing: a query or pattern that stopped matching shows up here.
        foreach (var schema in new[] { schemas.Postgres, schemas.Sqlite })
        {
            Assert.True(schema.Columns.Count > 100, $"only {schema.Columns.Count} columns read");
            Assert.True(schema.PrimaryKeys.Count > 20, $"only {schema.PrimaryKeys.Count} primary keys read");
            Assert.True(schema.Indexes.Count > 10, $"only {schema.Indexes.Count} indexes read");
            Assert.True(schema.Checks.Count > 5, $"only {schema.Checks.Count} value checks read");
            Assert.Contains(("chats", "state"), schema.Checks.Keys);
        }
    }

    [Fact]
    public void BothFoldersHoldTheSameMigrationVersions()
    {
        var postgres = Migrator.Discover(StorageProvider.Postgres).Select(m => m.Name).ToList();
        var sqlite = Migrator.Discover(StorageProvider.Sqlite).Select(m => m.Name).ToList();
        Assert.Equal(postgres, sqlite);
    }

    [Fact]
    public void BothDefineTheSameTables() =>
        AssertSame(
            schemas.Postgres.Columns.Keys.Select(k => k.Table).ToHashSet(),
            schemas.Sqlite.Columns.Keys.Select(k => k.Table).ToHashSet(),
            table => $"table {table}",
            table => $"table {table}",
            "table");

    [Fact]
    public void BothDefineTheSameColumnsWithCompatibleTypesAndNullability()
    {
        var tables = schemas.Postgres.Columns.Keys.Select(k => k.Table).Intersect(schemas.Sqlite.Columns.Keys.Select(k => k.Table)).ToHashSet();
        var differences = new List<(string Key, string Message)>();
        foreach (var (key, pg) in schemas.Postgres.Columns.Where(c => tables.Contains(c.Key.Table)))
        {
            if (!schemas.Sqlite.Columns.TryGetValue(key, out var lite))
            {
                differences.Add(($"column {key.Table}.{key.Column}", $"column {key.Table}.{key.Column}: PostgreSQL {pg}, SQLite has no such column"));
                continue;
            }

            var expected = s_sqliteStorageOf.GetValueOrDefault(pg.Type, $"(no mapping for {pg.Type})");
            if (expected != SqliteStorageOf(lite.Type))
            {
                differences.Add(($"type {key.Table}.{key.Column}", $"column {key.Table}.{key.Column}: PostgreSQL {pg} is stored as {expected} on SQLite, but SQLite declares {lite}"));
            }

            // SQLite lets a non-INTEGER PRIMARY KEY column hold NULL unless it says NOT NULL (a documented quirk kept for
            // compatibility); the gateway always writes the key, so a primary-key column counts as NOT NULL on both sides.
            var liteNullable = lite.Nullable && !schemas.Sqlite.PrimaryKeys.GetValueOrDefault(key.Table, []).Contains(key.Column);
            if (pg.Nullable != liteNullable)
            {
                differences.Add(($"null {key.Table}.{key.Column}", $"column {key.Table}.{key.Column}: PostgreSQL {pg}, SQLite {lite}"));
            }
        }

        foreach (var (key, lite) in schemas.Sqlite.Columns.Where(c => tables.Contains(c.Key.Table) && !schemas.Postgres.Columns.ContainsKey(c.Key)))
        {
            differences.Add(($"column {key.Table}.{key.Column}", $"column {key.Table}.{key.Column}: SQLite {lite}, PostgreSQL has no such column"));
        }

        AssertOnlyAllowed(differences, "column", "type", "null");
    }

    [Fact]
    public void BothDefineTheSamePrimaryKeys()
    {
        var differences = new List<(string Key, string Message)>();
        // Tables on one side only are BothDefineTheSameTables' finding, not reported again here.
        var tables = schemas.Postgres.Columns.Keys.Select(k => k.Table).Intersect(schemas.Sqlite.Columns.Keys.Select(k => k.Table));
        foreach (var table in tables)
        {
            var pg = string.Join(", ", schemas.Postgres.PrimaryKeys.GetValueOrDefault(table, []));
            var lite = string.Join(", ", schemas.Sqlite.PrimaryKeys.GetValueOrDefault(table, []));
            if (pg != lite)
            {
                differences.Add(($"primary key {table}", $"primary key of {table}: PostgreSQL ({pg}), SQLite ({lite})"));
            }
        }

        AssertOnlyAllowed(differences, "primary key");
    }

    [Fact]
    public void BothDefineTheSameIndexes() =>
        AssertSame(
            schemas.Postgres.Indexes.Keys.ToHashSet(),
            schemas.Sqlite.Indexes.Keys.ToHashSet(),
            index => index,
            index => $"{index} (PostgreSQL: {schemas.Postgres.Indexes.GetValueOrDefault(index, "none")}; SQLite: {schemas.Sqlite.Indexes.GetValueOrDefault(index, "none")})",
            "index", "unique");

    [Fact]
    public void BothCheckTheSameValueSets()
    {
        // Only "column IN (...)" checks are compared (on PostgreSQL: "column = ANY (ARRAY[...])"); other CHECK forms are
        // not parsed. A column checked on one side only is a difference too.
        var differences = new List<(string Key, string Message)>();
        foreach (var key in schemas.Postgres.Checks.Keys.Union(schemas.Sqlite.Checks.Keys))
        {
            var pg = schemas.Postgres.Checks.TryGetValue(key, out var p) ? $"IN ({string.Join(", ", p)})" : "no value check";
            var lite = schemas.Sqlite.Checks.TryGetValue(key, out var l) ? $"IN ({string.Join(", ", l)})" : "no value check";
            if (pg != lite)
            {
                differences.Add(($"check {key.Table}.{key.Column}", $"check on {key.Table}.{key.Column}: PostgreSQL {pg}, SQLite {lite}"));
            }
        }

        AssertOnlyAllowed(differences, "check");
    }

    private static void AssertSame(HashSet<string> postgres, HashSet<string> sqlite, Func<string, string> key, Func<string, string> describe, params string[] kinds)
    {
        var differences = postgres.Except(sqlite).Select(x => (key(x), $"{describe(x)} exists on PostgreSQL only"))
            .Concat(sqlite.Except(postgres).Select(x => (key(x), $"{describe(x)} exists on SQLite only")))
            .ToList();
        AssertOnlyAllowed(differences, kinds);
    }

    private static void AssertOnlyAllowed(List<(string Key, string Message)> differences, params string[] kinds)
    {
        var unexplained = differences.Where(d => !s_allowed.ContainsKey(d.Key)).Select(d => d.Message).Order(StringComparer.Ordinal).ToList();
        var stale = s_allowed.Keys.Where(k => kinds.Any(kind => k.StartsWith(kind + " ", StringComparison.Ordinal)) && differences.All(d => d.Key != k)).ToList();
        Assert.True(unexplained.Count == 0, $"{unexplained.Count} schema difference(s) between PostgreSQL and SQLite:\n" + string.Join("\n", unexplained));
        Assert.True(stale.Count == 0, "Allowed differences that no longer differ (remove them): " + string.Join(", ", stale));
    }

    /// <summary>SQLite's affinity rules (https://sqlite.org/datatype3.html, 3.1) applied to a declared type.</summary>
    private static string SqliteStorageOf(string declared)
    {
        var type = declared.ToUpperInvariant();
        return type.Contains("INT", StringComparison.Ordinal) ? "INTEGER"
            : type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal) ? "TEXT"
            : type.Length == 0 || type.Contains("BLOB", StringComparison.Ordinal) ? "BLOB"
            : type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal) ? "REAL"
            : "NUMERIC";
    }

    /// <summary>An index key as both sides can spell it: lower case, no casts, no spaces, no sort direction.</summary>
    private static string NormalizeKey(string key)
    {
        var k = Whitespace().Replace(TextCast().Replace(key, string.Empty), string.Empty).ToLowerInvariant();
        return k.EndsWith("desc", StringComparison.Ordinal) ? k[..^4] : k.EndsWith("asc", StringComparison.Ordinal) ? k[..^3] : k;
    }

    /// <summary>
    /// A partial index's predicate as both sides can spell it: PostgreSQL prints "x = ANY (ARRAY['a'::text])" for
    /// "x IN ('a')" and adds casts; both lose case, spaces and parentheses here.
    /// </summary>
    private static string NormalizePredicate(string predicate)
    {
        var p = Whitespace().Replace(TextCast().Replace(predicate, string.Empty), string.Empty).ToLowerInvariant();
        return p.Replace("(", string.Empty, StringComparison.Ordinal).Replace(")", string.Empty, StringComparison.Ordinal)
            .Replace("=anyarray[", "in", StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal);
    }

    private static List<string> SplitTopLevel(string list)
    {
        var parts = new List<string>();
        var (depth, start) = (0, 0);
        for (var i = 0; i < list.Length; i++)
        {
            depth += list[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (list[i] == ',' && depth == 0)
            {
                parts.Add(list[start..i]);
                start = i + 1;
            }
        }

        parts.Add(list[start..]);
        return parts;
    }

    private static string[] QuotedValues(string list) => [.. Quoted().Matches(list).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"::[a-z ]+(\[\])?")]
    private static partial Regex TextCast();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"'((?:[^']|'')*)'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\(*(\w+)\)?(?:::\w+)?\s*=\s*ANY\s*\(\(?ARRAY\[([^\]]*)\]", RegexOptions.IgnoreCase)]
    private static partial Regex PostgresAnyCheck();

    [GeneratedRegex(@"CHECK\s*\(\s*(\w+)\s+IN\s*\(([^)]*)\)\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex SqliteInCheck();

    [GeneratedRegex(@"\bON\s+\w+\s*\((.*?)\)(?:\s+WHERE\s(.*))?$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex IndexKeys();

    public sealed record Column(string Type, bool Nullable)
    {
        public override string ToString() => $"{(Type.Length == 0 ? "(no type)" : Type)} {(Nullable ? "NULL" : "NOT NULL")}";
    }

    public sealed class Schema
    {
        public Dictionary<(string Table, string Column), Column> Columns { get; } = [];

        public Dictionary<string, List<string>> PrimaryKeys { get; } = [];

        /// <summary>Key: "[unique ]index table(keys)[ where predicate]"; value: the index's name and predicate as declared.</summary>
        public Dictionary<string, string> Indexes { get; } = [];

        public Dictionary<(string Table, string Column), string[]> Checks { get; } = [];

        public void AddIndex(string table, bool unique, IEnumerable<string> keys, string? predicate, string description)
        {
            var where = predicate is null ? string.Empty : $" where {NormalizePredicate(predicate)}";
            var key = $"{(unique ? "unique index" : "index")} {table}({string.Join(", ", keys.Select(NormalizeKey))}){where}";
            Indexes[key] = Indexes.TryGetValue(key, out var other) ? $"{other} and {description}" : description;
        }
    }

    /// <summary>Both databases, migrated once for the class and read into <see cref="Schema"/>s.</summary>
    public sealed class Schemas : IAsyncLifetime
    {
        private TestDatabase _database = null!;
        private TestDatabase _sqlite = null!;

        public Schema Postgres { get; } = new();

        public Schema Sqlite { get; } = new();

        public async Task InitializeAsync()
        {
            _database = await TestDatabase.CreateAsync();
            _sqlite = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
            await using (var db = new Db(NpgsqlDataSource.Create(_database.ConnectionString), StorageProvider.Postgres))
            {
                await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
            }

            await using (var db = new Db(SqliteFactory.Instance.CreateDataSource(_sqlite.ConnectionString), StorageProvider.Sqlite))
            {
                await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
            }

            await ReadPostgresAsync();
            await ReadSqliteAsync();
        }

        public async Task DisposeAsync()
        {
            await _database.DisposeAsync();
            await _sqlite.DisposeAsync();
        }

        private async Task ReadPostgresAsync()
        {
            // Only the gateway's own schema: Hangfire keeps its tables in schema "hangfire", which it creates itself.
            await using var connection = await _database.OpenAsync();
            var columns = await connection.QueryAsync<(string Table, string Column, string Type, string Nullable)>("""
                SELECT c.table_name, c.column_name, c.data_type, c.is_nullable
                FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
                """);
            foreach (var c in columns)
            {
                Postgres.Columns[(c.Table, c.Column)] = new Column(c.Type, c.Nullable == "YES");
            }

            var keys = await connection.QueryAsync<(string Table, string Column)>("""
                SELECT k.table_name, k.column_name
                FROM information_schema.table_constraints tc
                JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name
                WHERE tc.table_schema = 'public' AND tc.constraint_type = 'PRIMARY KEY'
                ORDER BY k.table_name, k.ordinal_position
                """);
            foreach (var k in keys)
            {
                (Postgres.PrimaryKeys.TryGetValue(k.Table, out var list) ? list : Postgres.PrimaryKeys[k.Table] = []).Add(k.Column);
            }

            var indexes = await connection.QueryAsync<(string Table, string Name, bool Unique, string Keys, string? Predicate)>("""
                SELECT t.relname, i.relname, ix.indisunique,
                       (SELECT string_agg(pg_get_indexdef(ix.indexrelid, k, true), E'\x1f' ORDER BY k) FROM generate_series(1, ix.indnkeyatts) k),
                       pg_get_expr(ix.indpred, ix.indrelid, true)
                FROM pg_index ix
                JOIN pg_class i ON i.oid = ix.indexrelid
                JOIN pg_class t ON t.oid = ix.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = 'public' AND NOT ix.indisprimary
                """);
            foreach (var i in indexes)
            {
                Postgres.AddIndex(i.Table, i.Unique, i.Keys.Split('\x1f'), i.Predicate, i.Predicate is null ? i.Name : $"{i.Name} WHERE {i.Predicate}");
            }

            var checks = await connection.QueryAsync<(string Table, string Definition)>("""
                SELECT conrelid::regclass::text, pg_get_constraintdef(oid)
                FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace
                """);
            foreach (var check in checks)
            {
                foreach (Match match in PostgresAnyCheck().Matches(check.Definition))
                {
                    Postgres.Checks[(check.Table, match.Groups[1].Value)] = QuotedValues(match.Groups[2].Value);
                }
            }
        }

        private async Task ReadSqliteAsync()
        {
            await using var connection = new SqliteConnection(_sqlite.ConnectionString);
            await connection.OpenAsync();
            var tables = (await connection.QueryAsync<(string Name, string Sql)>(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).ToList();
            foreach (var (table, sql) in tables)
            {
                var columns = await connection.QueryAsync<(string Name, string Type, long NotNull, long Pk)>(
                    "SELECT name, type, \"notnull\", pk FROM pragma_table_info(@table)", new { table });
                foreach (var c in columns)
                {
                    Sqlite.Columns[(table, c.Name)] = new Column(c.Type, c.NotNull == 0);
                }

                var pk = columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList();
                if (pk.Count > 0)
                {
                    Sqlite.PrimaryKeys[table] = pk;
                }

                var indexes = await connection.QueryAsync<(string Name, long Unique, string Origin, long Partial)>(
                    "SELECT name, \"unique\", origin, partial FROM pragma_index_list(@table) WHERE origin <> 'pk'", new { table });
                foreach (var index in indexes)
                {
                    var indexSql = await connection.QuerySingleOrDefaultAsync<string?>(
                        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = @Name", new { index.Name });
                    // An index written as CREATE INDEX keeps its SQL (expressions included); one made for a UNIQUE
                    // constraint has none, and its columns come from pragma_index_info.
                    var declared = indexSql is null ? null : IndexKeys().Match(indexSql);
                    var indexKeys = declared is { Success: true }
                        ? SplitTopLevel(declared.Groups[1].Value)
                        : [.. await connection.QueryAsync<string>("SELECT name FROM pragma_index_info(@Name) ORDER BY seqno", new { index.Name })];
                    var predicate = declared is { Success: true } && declared.Groups[2].Success ? declared.Groups[2].Value.Trim() : null;
                    Sqlite.AddIndex(table, index.Unique == 1, indexKeys, predicate, predicate is null ? index.Name : $"{index.Name} WHERE {predicate}");
                }

                foreach (Match match in SqliteInCheck().Matches(sql))
                {
                    Sqlite.Checks[(table, match.Groups[1].Value)] = QuotedValues(match.Groups[2].Value);
                }
            }
        }
    }
}
