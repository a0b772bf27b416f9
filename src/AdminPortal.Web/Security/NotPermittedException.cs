namespace AdminPortal.Web.Security;

/// <summary>
/// The caller may not do this: a page action whose user lost (or never had) the role it needs, a key scoped to another
/// tenant. An authorization failure, not a rule of the domain: it is no DomainException, and it is answered with 403.
/// </summary>
public sealed class NotPermittedException(string message) : Exception(message);
