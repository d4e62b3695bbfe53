using LiveChat.Gateway.Routing;
using Quartz;

namespace LiveChat.Gateway.Jobs;

/// <summary>
/// Quartz.NET runs the recurring sweeps (DESIGN.md §5). On PostgreSQL it uses the clustered ADO store, which
/// runs each recurring job on one node at a time and fails over; Quartz 4 creates its own tables (qrtz_*) at
/// start when they are missing. The embedded SQLite setup is a single node and keeps the schedule in memory.
/// The schedule runs on the wall clock; what is due is decided by the sweeps with the injected TimeProvider.
/// </summary>
public static class JobsRegistration
{
    public static IServiceCollection AddScheduledJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var routing = configuration.GetSection(RoutingOptions.Section).Get<RoutingOptions>() ?? new RoutingOptions();
        var interval = TimeSpan.FromMilliseconds(Math.Clamp(routing.SweepIntervalMilliseconds, 100, 60_000));
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(s => s.InstanceName = "livechat-gateway");
            quartz.UseTimeProvider(TimeProvider.System);
            if (storage.Provider == StorageProvider.Postgres && !string.IsNullOrWhiteSpace(storage.ConnectionString))
            {
                quartz.UsePersistentStore(store =>
                {
                    store.UsePostgres(storage.ConnectionString);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering();
                    store.ProvisionSchema();
                });
            }
            else
            {
                quartz.UseInMemoryStore();
            }

            quartz.ScheduleJob<ChatTimersJob>(
                trigger => trigger.WithIdentity(ChatTimersJob.Name).StartNow().WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()),
                job => job.WithIdentity(ChatTimersJob.Name));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
