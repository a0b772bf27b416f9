-- 0003 OnPremisesUserPrincipalName (Postgres): the UPN as last exported, which may differ from the cloud UPN.
ALTER TABLE "DirectoryObjects" ADD "OnPremisesUserPrincipalName" character varying(113);
