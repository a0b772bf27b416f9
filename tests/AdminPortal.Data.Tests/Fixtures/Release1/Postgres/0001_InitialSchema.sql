-- 0001 InitialSchema (Postgres). Hand-maintained: EF's Design package does not restore here.
-- Written from the model's create script; SchemaMatchesModel tests keep it equal to the model.
CREATE TABLE "AuditEvents" (
    "Id" uuid NOT NULL,
    "TenantId" uuid,
    "Actor" character varying(256) NOT NULL,
    "Action" character varying(64) NOT NULL,
    "Target" character varying(512) NOT NULL,
    "Before" text,
    "After" text,
    "OccurredDateTime" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_AuditEvents" PRIMARY KEY ("Id")
);


CREATE TABLE "MatchRecords" (
    "Id" uuid NOT NULL,
    "TenantId" uuid NOT NULL,
    "BatchId" uuid NOT NULL,
    "ObjectId" uuid,
    "SourceAnchor" character varying(256) NOT NULL,
    "ObjectType" integer NOT NULL,
    "DisplayName" character varying(256) NOT NULL,
    "OccurredDateTime" timestamp with time zone NOT NULL,
    "Outcome" integer NOT NULL,
    "MatchedBy" integer,
    "ErrorCode" character varying(64),
    "Reason" character varying(2048) NOT NULL,
    "Steps" text NOT NULL,
    "FeaturesInForce" bigint NOT NULL,
    CONSTRAINT "PK_MatchRecords" PRIMARY KEY ("Id")
);


CREATE TABLE "Tenants" (
    "Id" uuid NOT NULL,
    "DisplayName" character varying(256) NOT NULL,
    "InitialDomain" character varying(253) NOT NULL,
    "CreatedDateTime" timestamp with time zone NOT NULL,
    "DeletionPreventionType" integer NOT NULL,
    "DeletionThreshold" integer NOT NULL,
    "FederatedDomainChangeAllowed" boolean NOT NULL,
    CONSTRAINT "PK_Tenants" PRIMARY KEY ("Id")
);


CREATE TABLE "DirectoryObjects" (
    "Id" uuid NOT NULL,
    "TenantId" uuid NOT NULL,
    "ObjectType" integer NOT NULL,
    "DisplayName" character varying(256) NOT NULL,
    "UserPrincipalName" character varying(113),
    "UpnNormalized" character varying(113),
    "MailNickname" character varying(64),
    "Mail" character varying(256),
    "MailEnabled" boolean NOT NULL,
    "ImmutableId" character varying(256),
    "SyncEnabled" boolean NOT NULL,
    "LastSyncDateTime" timestamp with time zone,
    "DistinguishedName" character varying(2048),
    "SourceHash" character varying(32),
    "Version" integer NOT NULL,
    "CreatedDateTime" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_DirectoryObjects" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_DirectoryObjects_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);


CREATE TABLE "FeatureStates" (
    "TenantId" uuid NOT NULL,
    "Feature" integer NOT NULL,
    "Enabled" boolean NOT NULL,
    "ChangedBy" character varying(256),
    "ChangedAt" timestamp with time zone,
    CONSTRAINT "PK_FeatureStates" PRIMARY KEY ("TenantId", "Feature"),
    CONSTRAINT "FK_FeatureStates_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);


CREATE TABLE "SyncBatches" (
    "Id" uuid NOT NULL,
    "TenantId" uuid NOT NULL,
    "Mode" integer NOT NULL,
    "ReceivedDateTime" timestamp with time zone NOT NULL,
    "Actor" character varying(256) NOT NULL,
    "ObjectCount" integer NOT NULL,
    "Created" integer NOT NULL,
    "Matched" integer NOT NULL,
    "Updated" integer NOT NULL,
    "Unchanged" integer NOT NULL,
    "Deleted" integer NOT NULL,
    "Failed" integer NOT NULL,
    CONSTRAINT "PK_SyncBatches" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_SyncBatches_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);


CREATE TABLE "SyncFailures" (
    "TenantId" uuid NOT NULL,
    "SourceAnchor" character varying(256) NOT NULL,
    "ObjectType" integer NOT NULL,
    "ObjectId" uuid,
    "DisplayName" character varying(256) NOT NULL,
    "ErrorCode" character varying(64) NOT NULL,
    "Property" integer,
    "Value" character varying(1024),
    "Message" character varying(2048) NOT NULL,
    "FirstFailedDateTime" timestamp with time zone NOT NULL,
    "LastAttemptDateTime" timestamp with time zone NOT NULL,
    "Attempts" integer NOT NULL,
    "BatchId" uuid NOT NULL,
    CONSTRAINT "PK_SyncFailures" PRIMARY KEY ("TenantId", "SourceAnchor"),
    CONSTRAINT "FK_SyncFailures_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);


CREATE TABLE "VerifiedDomains" (
    "TenantId" uuid NOT NULL,
    "Name" character varying(253) NOT NULL,
    "Authentication" integer NOT NULL,
    CONSTRAINT "PK_VerifiedDomains" PRIMARY KEY ("TenantId", "Name"),
    CONSTRAINT "FK_VerifiedDomains_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Licenses" (
    "ObjectId" uuid NOT NULL,
    "SkuId" uuid NOT NULL,
    CONSTRAINT "PK_Licenses" PRIMARY KEY ("ObjectId", "SkuId"),
    CONSTRAINT "FK_Licenses_DirectoryObjects_ObjectId" FOREIGN KEY ("ObjectId") REFERENCES "DirectoryObjects" ("Id") ON DELETE CASCADE
);


CREATE TABLE "ProxyAddresses" (
    "TenantId" uuid NOT NULL,
    "Normalized" character varying(1024) NOT NULL,
    "ObjectId" uuid NOT NULL,
    "Value" character varying(1024) NOT NULL,
    "IsPrimary" boolean NOT NULL,
    CONSTRAINT "PK_ProxyAddresses" PRIMARY KEY ("TenantId", "Normalized"),
    CONSTRAINT "FK_ProxyAddresses_DirectoryObjects_ObjectId" FOREIGN KEY ("ObjectId") REFERENCES "DirectoryObjects" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Quarantine" (
    "ObjectId" uuid NOT NULL,
    "Property" integer NOT NULL,
    "NormalizedValue" character varying(1024) NOT NULL,
    "TenantId" uuid NOT NULL,
    "Value" character varying(1024) NOT NULL,
    "Placeholder" character varying(113),
    "OccurredDateTime" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_Quarantine" PRIMARY KEY ("ObjectId", "Property", "NormalizedValue"),
    CONSTRAINT "FK_Quarantine_DirectoryObjects_ObjectId" FOREIGN KEY ("ObjectId") REFERENCES "DirectoryObjects" ("Id") ON DELETE CASCADE
);


CREATE TABLE "RoleAssignments" (
    "Id" uuid NOT NULL,
    "TenantId" uuid NOT NULL,
    "PrincipalId" uuid NOT NULL,
    "RoleDefinitionId" character varying(64) NOT NULL,
    "DirectoryScopeId" character varying(256) NOT NULL,
    CONSTRAINT "PK_RoleAssignments" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_RoleAssignments_DirectoryObjects_PrincipalId" FOREIGN KEY ("PrincipalId") REFERENCES "DirectoryObjects" ("Id") ON DELETE CASCADE
);


CREATE TABLE "BatchResults" (
    "BatchId" uuid NOT NULL,
    "Sequence" integer NOT NULL,
    "ObjectIndex" integer NOT NULL,
    "SourceAnchor" character varying(256) NOT NULL,
    "ObjectType" integer NOT NULL,
    "ObjectId" uuid,
    "Outcome" integer NOT NULL,
    "MatchedBy" integer,
    "Detail" text,
    CONSTRAINT "PK_BatchResults" PRIMARY KEY ("BatchId", "Sequence"),
    CONSTRAINT "FK_BatchResults_SyncBatches_BatchId" FOREIGN KEY ("BatchId") REFERENCES "SyncBatches" ("Id") ON DELETE CASCADE
);


CREATE INDEX "IX_AuditEvents_TenantId_OccurredDateTime" ON "AuditEvents" ("TenantId", "OccurredDateTime");


CREATE UNIQUE INDEX "IX_DirectoryObjects_TenantId_ImmutableId" ON "DirectoryObjects" ("TenantId", "ImmutableId");


CREATE INDEX "IX_DirectoryObjects_TenantId_ObjectType_DisplayName" ON "DirectoryObjects" ("TenantId", "ObjectType", "DisplayName");


CREATE UNIQUE INDEX "IX_DirectoryObjects_TenantId_UpnNormalized" ON "DirectoryObjects" ("TenantId", "UpnNormalized");


CREATE INDEX "IX_MatchRecords_TenantId_ObjectId" ON "MatchRecords" ("TenantId", "ObjectId");


CREATE INDEX "IX_MatchRecords_TenantId_OccurredDateTime" ON "MatchRecords" ("TenantId", "OccurredDateTime");


CREATE INDEX "IX_MatchRecords_TenantId_SourceAnchor" ON "MatchRecords" ("TenantId", "SourceAnchor");


CREATE INDEX "IX_ProxyAddresses_ObjectId" ON "ProxyAddresses" ("ObjectId");


CREATE INDEX "IX_Quarantine_TenantId_OccurredDateTime" ON "Quarantine" ("TenantId", "OccurredDateTime");


CREATE INDEX "IX_Quarantine_TenantId_Property_NormalizedValue" ON "Quarantine" ("TenantId", "Property", "NormalizedValue");


CREATE INDEX "IX_RoleAssignments_PrincipalId" ON "RoleAssignments" ("PrincipalId");


CREATE INDEX "IX_RoleAssignments_TenantId_PrincipalId" ON "RoleAssignments" ("TenantId", "PrincipalId");


CREATE INDEX "IX_SyncBatches_TenantId_ReceivedDateTime" ON "SyncBatches" ("TenantId", "ReceivedDateTime");


CREATE UNIQUE INDEX "IX_Tenants_InitialDomain" ON "Tenants" ("InitialDomain");


