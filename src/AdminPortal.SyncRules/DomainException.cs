namespace AdminPortal.SyncRules;

/// <summary>A request that breaks a rule of the domain; the message is meant for the admin or client.</summary>
public class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Input refused field by field: <see cref="Errors"/> lists the problems under the name of each bad field.</summary>
public abstract class FieldErrorsException(string code, string message, IReadOnlyDictionary<string, string[]> errors) : DomainException(code, message)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>The thing named does not exist (or is not visible to the caller).</summary>
public sealed class NotFoundException(string what) : DomainException("NotFound", what + " was not found.");

/// <summary>Somebody else changed the same data first; the caller should reload and decide again.</summary>
public sealed class ConcurrentChangeException(string message) : DomainException("ConcurrentChange", message);
