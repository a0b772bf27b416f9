-- 0006 AccessKeys (Postgres): keys scripts authenticate with, stored as SHA-256 hashes, scoped to a role and optionally a tenant.
CREATE TABLE "AccessKeys" (
    "Id" uuid NOT NULL,
    "Name" character varying(100) NOT NULL,
    "Prefix" character varying(16) NOT NULL,
    "Hash" character varying(64) NOT NULL,
    "Role" character varying(32) NOT NULL,
    "TenantId" uuid,
    "CreatedBy" character varying(256) NOT NULL,
    "CreatedDateTime" timestamp with time zone NOT NULL,
    "RevokedBy" character varying(256),
    "RevokedDateTime" timestamp with time zone,
    "LastUsedDateTime" timestamp with time zone,
    CONSTRAINT "PK_AccessKeys" PRIMARY KEY ("Id")
);
CREATE UNIQUE INDEX "IX_AccessKeys_Hash" ON "AccessKeys" ("Hash");
