-- 0003 OnPremisesUserPrincipalName (Sqlite): the UPN as last exported, which may differ from the cloud UPN.
ALTER TABLE "DirectoryObjects" ADD "OnPremisesUserPrincipalName" TEXT NULL;
