namespace AdminPortal.SyncRules.Tenants;

public enum DomainAuthentication { Managed, Federated }

public sealed record VerifiedDomain(string Name, DomainAuthentication Authentication);
