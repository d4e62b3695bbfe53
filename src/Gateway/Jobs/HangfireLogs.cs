using System.Collections.Concurrent;
using Hangfire.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;

namespace LiveChat.Gateway.Jobs;

/// <summary>
/// Hangfire logs through one process-wide provider (a static), while each host has its own logger factory. This
/// provider writes to the factory of a host that is still running: Hangfire's own AspNetCore provider would keep the
/// factory of whichever host configured Hangfire last, and once that host stopped (a node of the tests' cluster) every
/// other host's Hangfire components would log into a disposed factory, fail, and back off for minutes.
/// </summary>
public sealed class HangfireLogs : ILogProvider
{
    public static HangfireLogs Shared { get; } = new();

    private readonly ConcurrentDictionary<ILoggerFactory, byte> _factories = new();

    public void Attach(ILoggerFactory factory) => _factories.TryAdd(factory, 0);

    public void Detach(ILoggerFactory factory) => _factories.TryRemove(factory, out _);

    public ILog GetLogger(string name) => new HostLog(this, name);

    private sealed class HostLog(HangfireLogs logs, string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            foreach (var factory in logs._factories.Keys)
            {
                try
                {
                    var logger = factory.CreateLogger(name);
                    var level = ToLevel(logLevel);
                    if (messageFunc is null)
                    {
                        return logger.IsEnabled(level);
                    }

                    if (logger.IsEnabled(level))
                    {
                        logger.Log(level, exception, "{Message}", messageFunc());
                    }

                    return true;
                }
                catch (ObjectDisposedException)
                {
                    logs.Detach(factory);
                }
            }

            return false;
        }

        private static Microsoft.Extensions.Logging.LogLevel ToLevel(HangfireLevel level) => level switch
        {
            HangfireLevel.Trace => Microsoft.Extensions.Logging.LogLevel.Trace,
            HangfireLevel.Debug => Microsoft.Extensions.Logging.LogLevel.Debug,
            HangfireLevel.Info => Microsoft.Extensions.Logging.LogLevel.Information,
            HangfireLevel.Warn => Microsoft.Extensions.Logging.LogLevel.Warning,
            HangfireLevel.Error => Microsoft.Extensions.Logging.LogLevel.Error,
            _ => Microsoft.Extensions.Logging.LogLevel.Critical,
        };
    }

    /// <summary>Attaches the host's logger factory while the host runs.</summary>
    internal sealed class Lifetime(ILoggerFactory factory) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            Shared.Attach(factory);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Shared.Detach(factory);
            return Task.CompletedTask;
        }
    }
}
