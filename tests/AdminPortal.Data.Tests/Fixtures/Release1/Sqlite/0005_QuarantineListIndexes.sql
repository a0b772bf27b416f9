-- 0005 QuarantineListIndexes (Sqlite): the object type on each quarantine row (counters without a join), and one index
-- per sort order of the conflicts list so keyset pages read in index order.
ALTER TABLE "Quarantine" ADD "ObjectType" INTEGER NOT NULL DEFAULT 0;
UPDATE "Quarantine" SET "ObjectType" = (SELECT o."ObjectType" FROM "DirectoryObjects" o WHERE o."Id" = "Quarantine"."ObjectId");
DROP INDEX "IX_Quarantine_TenantId_OccurredDateTime";
CREATE INDEX "IX_Quarantine_ListByTime" ON "Quarantine" ("TenantId", "OccurredDateTime", "ObjectId", "Property", "NormalizedValue");
CREATE INDEX "IX_Quarantine_ListByValue" ON "Quarantine" ("TenantId", "NormalizedValue", "ObjectId", "Property");
CREATE INDEX "IX_Quarantine_TenantId_Property_ObjectType" ON "Quarantine" ("TenantId", "Property", "ObjectType");
