namespace AdminPortal.SyncRules.Directory;

public enum ObjectType { User, Group, Contact }

/// <summary>The attribute a uniqueness conflict is about, named as Graph's propertyCausingError names it.</summary>
public enum ConflictProperty { UserPrincipalName, ProxyAddress }
