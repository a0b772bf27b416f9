-- 0002 ObjectListIndex (Postgres): users, groups and contacts listed by id within a type, for keyset paging.
CREATE INDEX "IX_DirectoryObjects_TenantId_ObjectType_Id" ON "DirectoryObjects" ("TenantId", "ObjectType", "Id");
