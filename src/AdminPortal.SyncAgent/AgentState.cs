using System.Globalization;
using AdminPortal.ActiveDirectory.Ldap;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncAgent;

/// <summary>An object the service holds from the agent's exports: the source anchor it was sent with, and its type.</summary>
public readonly record struct SyncedObject(string Anchor, string Type);

/// <summary>
/// What the agent knows from its last export the service accepted: the scope it read (directory, base DN, filter,
/// tenant), the domain controller and the update sequence number it read up to (the delta watermark), and the objects
/// it sent by objectGUID — as Entra Connect's connector space keeps them, because a deletion or a move out of scope can
/// only be named by what was sent: a tombstone has lost mS-DS-ConsistencyGuid, and an object out of scope is not read.
/// </summary>
public sealed record AgentState(string Scope, Guid InvocationId, long Usn, IReadOnlyDictionary<Guid, SyncedObject> Objects)
{
    /// <summary>What a watermark is valid for: the same directory read the same way, for the same tenant. No secrets.</summary>
    public static string ScopeOf(AgentSettings settings) =>
        string.Join('|', settings.ServiceUrl, settings.TenantId, settings.Directory.Url, settings.Directory.BaseDn, settings.Directory.Filter ?? "");
}

/// <summary>
/// The agent's state in <c>Agent:StateDirectory</c>, one file a tenant, written whole to a new file and then renamed
/// over the old one, so a crash leaves the old state or the new one, never half of either. It is written only after the
/// service accepted an export: a crash before leaves the old watermark, and the next cycle sends the same changes again
/// (the service finds them unchanged). A file it cannot read is set aside and the next cycle is a full export.
/// </summary>
public sealed class AgentStateFile(string directory, Guid tenantId, ILogger logger)
{
    private const string Header = "adminportal-agent-state 1";

    public string Path { get; } = System.IO.Path.Combine(directory, $"{tenantId}.state");

    /// <summary>The state, or null when there is none, or it was taken with another scope or from another controller.</summary>
    public AgentState? Load(string scope, DirectoryPosition position)
    {
        if (!File.Exists(Path)) return null;
        AgentState state;
        try { state = Read(); }
        catch (Exception e) when (e is FormatException or IOException or OverflowException)
        {
            var aside = Path + ".unreadable";
            File.Move(Path, aside, overwrite: true);
            logger.LogWarning("The agent's state {Path} could not be read ({Reason}); set aside as {Aside}, this cycle is a full export", Path, e.Message, aside);
            return null;
        }
        if (state.Scope != scope)
        {
            logger.LogInformation("The directory, base DN, filter or tenant changed since the last export; this cycle is a full export");
            return null;
        }
        if (state.InvocationId != position.InvocationId)
        {
            // Update sequence numbers are a controller's own: another one's (or a restored one's) say nothing about this one.
            logger.LogInformation("The domain controller is not the one the watermark came from (invocationId {Was}, now {Now}); this cycle is a full export",
                state.InvocationId, position.InvocationId);
            return null;
        }
        return state;
    }

    public void Save(AgentState state)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var written = Path + ".new";
        using (var writer = new StreamWriter(written))
        {
            writer.WriteLine(Header);
            writer.WriteLine(state.Scope);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{state.InvocationId} {state.Usn} {state.Objects.Count}"));
            foreach (var (guid, o) in state.Objects) writer.WriteLine($"{guid:N} {o.Type} {o.Anchor}");
            writer.Flush();
            ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
        }
        File.Move(written, Path, overwrite: true);
    }

    private AgentState Read()
    {
        using var reader = new StreamReader(Path);
        if (reader.ReadLine() != Header) throw new FormatException("it is not an agent state file of this version");
        var scope = reader.ReadLine() ?? throw new FormatException("it ends after its first line");
        var position = (reader.ReadLine() ?? throw new FormatException("it ends after its second line")).Split(' ');
        if (position.Length != 3) throw new FormatException("its third line is not 'invocationId usn count'");
        var count = int.Parse(position[2], CultureInfo.InvariantCulture);
        var objects = new Dictionary<Guid, SyncedObject>(count);
        for (var line = 4; reader.ReadLine() is { } text; line++)
        {
            var parts = text.Split(' ');
            if (parts.Length != 3) throw new FormatException($"line {line} is not 'objectGUID type anchor'");
            objects[Guid.ParseExact(parts[0], "N")] = new SyncedObject(parts[2], parts[1]);
        }
        if (objects.Count != count) throw new FormatException($"it holds {objects.Count} objects where its header says {count} (cut short?)");
        return new AgentState(scope, Guid.Parse(position[0]), long.Parse(position[1], CultureInfo.InvariantCulture), objects);
    }
}
