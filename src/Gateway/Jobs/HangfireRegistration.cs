using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using LiveChat.Tickets;

namespace LiveChat.Gateway.Jobs;

/// <summary>
/// Hangfire runs the durable jobs (DESIGN.md §5: the tickets). On PostgreSQL its storage is Hangfire.PostgreSql in its own
/// schema, shared by every node; on the embedded SQLite default (one node) it is Hangfire.InMemory, and the ticket relay
/// hands every pending request again after a restart. The storage is this host's own singleton, never Hangfire's static
/// <c>JobStorage.Current</c>, and so is the server's job activator, so that two gateways in one process (the tests'
/// cluster) each keep theirs and run their jobs with their own services. A node without
/// a helpdesk has no jobs to run and starts no job server.
/// </summary>
public static class HangfireRegistration
{
    public static IHostApplicationBuilder AddHangfireJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HangfireOptions>().BindConfiguration(HangfireOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Registered before AddHangfire, whose own registration (JobStorage.Current) is then skipped.
        services.AddSingleton<JobStorage>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var hangfire = sp.GetRequiredService<IOptions<HangfireOptions>>().Value;
            if (storage.Provider != StorageProvider.Postgres)
            {
                return new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Guid });
            }

            var postgres = new PostgreSqlStorageOptions
            {
                SchemaName = hangfire.SchemaName,
                PrepareSchemaIfNecessary = true,
                QueuePollInterval = TimeSpan.FromMilliseconds(hangfire.QueuePollMilliseconds),
                EnableLongPolling = false,
                // A fetched job stays invisible while its node renews it; a killed node's job runs again after the timeout.
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = TimeSpan.FromSeconds(hangfire.InvisibilityTimeoutSeconds),
                // A killed node leaves its distributed locks (a job's state lock, the scheduler's) as rows; they are taken
                // over after this. The default 10 minutes stopped the scheduler, and the relay that changes a job's state.
                DistributedLockTimeout = TimeSpan.FromSeconds(hangfire.InvisibilityTimeoutSeconds),
            };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(storage.ConnectionString!, postgres), postgres);
        });
        // This host's job activator, also registered before AddHangfire: Hangfire's own registration hands out the static
        // JobActivator.Current, which each host's configuration overwrites, so of two gateways started together in one
        // process (the tests' nodes) one could run its jobs with the other's services and database.
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHostedService<HangfireLogs.Lifetime>();
        services.AddHangfire(configuration => configuration
            .UseLogProvider(HangfireLogs.Shared)
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        if (services.Any(d => d.ServiceType == typeof(ITicketSink)))
        {
            services.AddHangfireServer((sp, server) =>
            {
                var hangfire = sp.GetRequiredService<IOptions<HangfireOptions>>().Value;
                server.WorkerCount = hangfire.WorkerCount;
                server.SchedulePollingInterval = TimeSpan.FromMilliseconds(hangfire.SchedulePollingMilliseconds);
                // This host's activator, not the static JobActivator.Current of whichever host configured Hangfire last.
                server.Activator = sp.GetRequiredService<JobActivator>();
            });
        }

        return builder;
    }
}
