namespace AdminPortal.SyncRules;

/// <summary>
/// What kind of refusal a <see cref="DomainException"/> is. Each surface answers a kind one way (the HTTP statuses
/// are decided once, in AdminPortal.Web's Api/Refusal.cs); the domain says what happened, never which status it is.
/// </summary>
public enum RefusalKind
{
    /// <summary>The request breaks a rule; sent again unchanged it is refused again.</summary>
    Invalid,
    /// <summary>The thing named does not exist (or is not visible to the caller).</summary>
    NotFound,
    /// <summary>The request was fine but the state it met refuses it: taken meanwhile, settled meanwhile, over a guard.</summary>
    Conflict,
}

/// <summary>A request that breaks a rule of the domain; the message is meant for the admin or client.</summary>
public class DomainException(string code, string message, RefusalKind kind = RefusalKind.Invalid) : Exception(message)
{
    /// <summary>A stable name for the rule that refused, for scripts (problem+json's <c>code</c>) and tests.</summary>
    public string Code { get; } = code;

    public RefusalKind Kind { get; } = kind;
}

/// <summary>Input refused field by field: <see cref="Errors"/> lists the problems under the name of each bad field.</summary>
public abstract class FieldErrorsException(string code, string message, IReadOnlyDictionary<string, string[]> errors) : DomainException(code, message)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>Input that fails validation; errors are keyed by field.</summary>
public sealed class InputValidationException(IReadOnlyDictionary<string, string[]> errors)
    : FieldErrorsException("InvalidInput", string.Join(" ", errors.SelectMany(e => e.Value)), errors);

/// <summary>The thing named does not exist (or is not visible to the caller).</summary>
public sealed class NotFoundException(string what) : DomainException("NotFound", what + " was not found.", RefusalKind.NotFound);

/// <summary>Somebody else changed the same data first; the caller should reload and decide again.</summary>
public sealed class ConcurrentChangeException(string message) : DomainException("ConcurrentChange", message, RefusalKind.Conflict);
