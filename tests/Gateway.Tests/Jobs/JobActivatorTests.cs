using Hangfire;
using LiveChat.Gateway.Storage;
using LiveChat.Gateway.Tests.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace LiveChat.Gateway.Tests.Jobs;

/// <summary>
/// Each gateway runs its Hangfire jobs with its own services. Hangfire's registration hands out the process-wide
/// <see cref="JobActivator.Current"/>, which every host's configuration overwrites; two nodes in one process (a cluster in
/// the tests) then ran one node's ticket jobs against the other's database.
/// </summary>
public sealed class JobActivatorTests
{
    [Fact]
    public async Task TwoNodesInOneProcessEachActivateJobsFromTheirOwnContainerNotTheProcessWideOne()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseKind.Postgres);
        await using var zendesk = await FakeZendesk.StartAsync();
        await using var first = new GatewayApp(database, ZendeskTicketsFixture.ZendeskSettings(zendesk));
        await using var second = new GatewayApp(database, ZendeskTicketsFixture.ZendeskSettings(zendesk));
        await first.AdminAsync();
        await second.AdminAsync();

        foreach (var node in new[] { first, second })
        {
            var activator = node.Services.GetRequiredService<JobActivator>();
            Assert.NotSame(JobActivator.Current, activator);
            using var scope = activator.BeginScope((JobActivatorContext)null!);
            Assert.Same(node.Services.GetRequiredService<Db>(), scope.Resolve(typeof(Db)));
        }
    }
}
