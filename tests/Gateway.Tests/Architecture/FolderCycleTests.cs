using ArchUnitNET.Domain;
using ArchUnitNET.Loader;

namespace LiveChat.Gateway.Tests.Architecture;

/// <summary>
/// The Gateway's folders (namespaces <c>LiveChat.Gateway.&lt;Folder&gt;</c>) depend on each other without a cycle, judged by
/// the type references in the compiled assembly (ArchUnitNET reads signatures and method bodies), not by using lines, which
/// GlobalUsings.cs hides. The layers are in README.md ("How it is built").
/// </summary>
public sealed class FolderCycleTests
{
    private const string Root = "LiveChat.Gateway.";

    /// <summary>The layers of README.md from the bottom; every folder not named is a feature, above them all.</summary>
    private static readonly string[] s_layers = ["Storage", "Hosting", "Events", "Auth", "Jobs", "Transcripts", "Outbox", "Chats"];

    private static readonly Lazy<IReadOnlyDictionary<(string From, string To), List<string>>> s_graph = new(FolderGraph);

    [Fact]
    public void EachLayerUsesOnlyTheLayersBelowIt()
    {
        int Layer(string folder) => Array.IndexOf(s_layers, folder) is var i and >= 0 ? i : s_layers.Length;
        var upward = s_graph.Value
            .Where(e => Layer(e.Key.From) < s_layers.Length && Layer(e.Key.To) >= Layer(e.Key.From))
            .OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal)
            .Select(e => $"  {e.Key.From} -> {e.Key.To}: {string.Join(", ", e.Value.Take(3))}")
            .ToList();
        Assert.True(upward.Count == 0, $"A layer uses one above it:{Environment.NewLine}{string.Join(Environment.NewLine, upward)}");
        Assert.Contains(("Outbox", "Transcripts"), s_graph.Value.Keys);
    }

    [Fact]
    public void GatewayFoldersDependOnEachOtherWithoutACycle()
    {
        var edges = s_graph.Value.Keys.ToList();
        var cycles = StronglyConnected(edges).Where(c => c.Count > 1).ToList();
        var report = cycles.Select(cycle => string.Join(Environment.NewLine, edges
            .Where(e => cycle.Contains(e.From) && cycle.Contains(e.To))
            .OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal)
            .Select(e => $"  {e.From} -> {e.To}: {string.Join(", ", s_graph.Value[e].Take(3))}")));
        Assert.True(cycles.Count == 0, $"Folders in a cycle:{Environment.NewLine}{string.Join(Environment.NewLine + "--" + Environment.NewLine, report)}");
    }

    /// <summary>Folder to folder edges, each with the type references (from → to) that make it.</summary>
    private static IReadOnlyDictionary<(string From, string To), List<string>> FolderGraph()
    {
        var architecture = new ArchLoader().LoadAssemblies(typeof(Program).Assembly).Build();
        var graph = new Dictionary<(string, string), List<string>>();
        foreach (var type in architecture.Types)
        {
            if (Folder(type) is not { } from)
            {
                continue;
            }

            foreach (var dependency in type.Dependencies)
            {
                if (Folder(dependency.Target) is not { } to || to == from)
                {
                    continue;
                }

                if (!graph.TryGetValue((from, to), out var references))
                {
                    graph[(from, to)] = references = [];
                }

                var reference = $"{type.Name} → {dependency.Target.Name}";
                if (!references.Contains(reference))
                {
                    references.Add(reference);
                }
            }
        }

        return graph;
    }

    private static string? Folder(IType? type)
    {
        // A generic parameter is no reference to a folder; some compiler-made types have no namespace.
        var name = type is GenericParameter ? null : type?.Namespace?.FullName;
        if (name is null)
        {
            return null;
        }

        if (!name.StartsWith(Root, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = name[Root.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    /// <summary>Tarjan's strongly connected components of the folder graph.</summary>
    private static List<HashSet<string>> StronglyConnected(List<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var nodes = edges.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var components = new List<HashSet<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var to in next.GetValueOrDefault(node, []))
            {
                if (!index.ContainsKey(to))
                {
                    Visit(to);
                    low[node] = Math.Min(low[node], low[to]);
                }
                else if (stack.Contains(to))
                {
                    low[node] = Math.Min(low[node], index[to]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new HashSet<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }

        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        return components;
    }
}
