using AdminPortal.ActiveDirectory.Ldap;
using AdminPortal.SyncAgent;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminPortal.Web.Tests;

/// <summary>The agent's state file: read back as written; a state of another scope or controller, or a broken file, gives a full export.</summary>
public sealed class AgentStateFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("adminportal-state-").FullName;
    private readonly AgentStateFile file;
    private static readonly DirectoryPosition Here = new(Guid.NewGuid(), 4711, "DC=contoso,DC=com");

    public AgentStateFileTests() => file = new AgentStateFile(folder, Guid.NewGuid(), NullLogger.Instance);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static AgentState State(string scope = "scope") => new(scope, Here.InvocationId, Here.Usn, new Dictionary<Guid, SyncedObject>
    {
        [Guid.NewGuid()] = new("AAECAwQFBgcICQoLDA0ODw==", "user"), [Guid.NewGuid()] = new("EBESExQVFhcYGRobHB0eHw==", "group"),
    });

    [Fact]
    public void A_state_is_read_back_as_it_was_written()
    {
        var written = State();
        file.Save(written);
        var read = file.Load("scope", Here)!;
        Assert.Equal((written.Scope, written.InvocationId, written.Usn), (read.Scope, read.InvocationId, read.Usn));
        Assert.Equal(written.Objects.OrderBy(o => o.Key), read.Objects.OrderBy(o => o.Key));
    }

    [Fact]
    public void A_state_of_another_scope_or_another_controller_is_not_used()
    {
        file.Save(State());
        Assert.Null(file.Load("another scope", Here));
        Assert.Null(file.Load("scope", Here with { InvocationId = Guid.NewGuid() }));
        Assert.NotNull(file.Load("scope", Here));
    }

    [Theory]
    [InlineData("not a state file\n")]
    [InlineData("adminportal-agent-state 1\nscope\n")]
    [InlineData("adminportal-agent-state 1\nscope\n00000000-0000-0000-0000-000000000001 12 2\n0123456789abcdef0123456789abcdef user AAAA\n")]
    [InlineData("adminportal-agent-state 1\nscope\n00000000-0000-0000-0000-000000000001 12 1\nnot-a-guid user AAAA\n")]
    public void A_file_that_cannot_be_read_is_set_aside_and_the_cycle_is_a_full_export(string content)
    {
        File.WriteAllText(file.Path, content);
        Assert.Null(file.Load("scope", Here));
        Assert.False(File.Exists(file.Path));
        Assert.Equal(content, File.ReadAllText(file.Path + ".unreadable"));
    }
}
