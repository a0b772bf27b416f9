-- 0006 AccessKeys (Sqlite): keys scripts authenticate with, stored as SHA-256 hashes, scoped to a role and optionally a tenant.
CREATE TABLE "AccessKeys" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AccessKeys" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Prefix" TEXT NOT NULL,
    "Hash" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "TenantId" TEXT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedDateTime" INTEGER NOT NULL,
    "RevokedBy" TEXT NULL,
    "RevokedDateTime" INTEGER NULL,
    "LastUsedDateTime" INTEGER NULL
);
CREATE UNIQUE INDEX "IX_AccessKeys_Hash" ON "AccessKeys" ("Hash");
