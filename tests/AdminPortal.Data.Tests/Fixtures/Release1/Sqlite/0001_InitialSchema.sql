-- 0001 InitialSchema (Sqlite). Hand-maintained: EF's Design package does not restore here.
-- Written from the model's create script; SchemaMatchesModel tests keep it equal to the model.
CREATE TABLE "AuditEvents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AuditEvents" PRIMARY KEY,
    "TenantId" TEXT NULL,
    "Actor" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Target" TEXT NOT NULL,
    "Before" TEXT NULL,
    "After" TEXT NULL,
    "OccurredDateTime" INTEGER NOT NULL
);


CREATE TABLE "MatchRecords" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_MatchRecords" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "BatchId" TEXT NOT NULL,
    "ObjectId" TEXT NULL,
    "SourceAnchor" TEXT NOT NULL,
    "ObjectType" INTEGER NOT NULL,
    "DisplayName" TEXT NOT NULL,
    "OccurredDateTime" INTEGER NOT NULL,
    "Outcome" INTEGER NOT NULL,
    "MatchedBy" INTEGER NULL,
    "ErrorCode" TEXT NULL,
    "Reason" TEXT NOT NULL,
    "Steps" TEXT NOT NULL,
    "FeaturesInForce" INTEGER NOT NULL
);


CREATE TABLE "Tenants" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Tenants" PRIMARY KEY,
    "DisplayName" TEXT NOT NULL,
    "InitialDomain" TEXT NOT NULL,
    "CreatedDateTime" INTEGER NOT NULL,
    "DeletionPreventionType" INTEGER NOT NULL,
    "DeletionThreshold" INTEGER NOT NULL,
    "FederatedDomainChangeAllowed" INTEGER NOT NULL
);


CREATE TABLE "DirectoryObjects" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DirectoryObjects" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "ObjectType" INTEGER NOT NULL,
    "DisplayName" TEXT NOT NULL,
    "UserPrincipalName" TEXT NULL,
    "UpnNormalized" TEXT NULL,
    "MailNickname" TEXT NULL,
    "Mail" TEXT NULL,
    "MailEnabled" INTEGER NOT NULL,
    "ImmutableId" TEXT NULL,
    "SyncEnabled" INTEGER NOT NULL,
    "LastSyncDateTime" INTEGER NULL,
    "DistinguishedName" TEXT NULL,
    "SourceHash" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedDateTime" INTEGER NOT NULL,
    CONSTRAINT "FK_DirectoryObjects_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);


CREATE TABLE "FeatureStates" (
    "TenantId" TEXT NOT NULL,
    "Feature" INTEGER NOT NULL,
    "Enabled" INTEGER NOT NULL,
    "ChangedBy" TEXT NULL,
    "ChangedAt" INTEGER NULL,
    CONSTRAINT "PK_FeatureStates" PRIMARY KEY ("TenantId", "Feature"),
    CONSTRAINT "FK_FeatureStates_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);


CREATE TABLE "SyncBatches" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SyncBatches" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "Mode" INTEGER NOT NULL,
    "ReceivedDateTime" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "ObjectCount" INTEGER NOT NULL,
    "Created" INTEGER NOT NULL,
    "Matched" INTEGER NOT NULL,
    "Updated" INTEGER NOT NULL,
    "Unchanged" INTEGER NOT NULL,
    "Deleted" INTEGER NOT NULL,
    "Failed" INTEGER NOT NULL,
    CONSTRAINT "FK_SyncBatches_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);


CREATE TABLE "SyncFailures" (
    "TenantId" TEXT NOT NULL,
    "SourceAnchor" TEXT NOT NULL,
    "ObjectType" INTEGER NOT NULL,
    "ObjectId" TEXT NULL,
    "DisplayName" TEXT NOT NULL,
    "ErrorCode" TEXT NOT NULL,
    "Property" INTEGER NULL,
    "Value" TEXT NULL,
    "Message" TEXT NOT NULL,
    "FirstFailedDateTime" INTEGER NOT NULL,
    "LastAttemptDateTime" INTEGER NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "BatchId" TEXT NOT NULL,
    CONSTRAINT "PK_SyncFailures" PRIMARY KEY ("TenantId", "SourceAnchor"),
    CONSTRAINT "FK_SyncFailures_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);


CREATE TABLE "VerifiedDomains" (
    "TenantId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Authentication" INTEGER NOT NULL,
    CONSTRAINT "PK_VerifiedDomains" PRIMARY KEY ("TenantId", "Name"),
    CONSTRAINT "FK_VerifiedDomains_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Licenses" (
    "ObjectId" TEXT NOT NULL,
    "SkuId" TEXT NOT NULL,
    CONSTRAINT "PK_Licenses" PRIMARY KEY ("ObjectId", "SkuId"),
    CONSTRAINT "FK_Licenses_DirectoryObjects_ObjectId" FOREIGN KEY ("ObjectId") REFERENCES "DirectoryObjects" ("Id") ON DELETE CASCADE
);


CREATE TABLE "ProxyAddresses" (
    "TenantId" TEXT NOT NULL,
    "Normalized" TEXT NOT NULL,
    "ObjectId" TEXT NOT NULL,
    "Value" TEXT NOT NULL,
    "IsPrimary" INTEGER NOT NULL,
    CONSTRAINT "PK_ProxyAddresses" PRIMARY KEY ("TenantId", "Normalized"),
    CONSTRAINT "FK_ProxyAddresses_DirectoryObjects_ObjectId" FOREIGN KEY ("ObjectId") REFERENCES "DirectoryObjects" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Quarantine" (
    "ObjectId" TEXT NOT NULL,
    "Property" INTEGER NOT NULL,
    "NormalizedValue" TEXT NOT NULL,
    "TenantId" TEXT NOT NULL,
    "Value" TEXT NOT NULL,
    "Placeholder" TEXT NULL,
    "OccurredDateTime" INTEGER NOT NULL,
    CONSTRAINT "PK_Quarantine" PRIMARY KEY ("ObjectId", "Property", "NormalizedValue"),
    CONSTRAINT "FK_Quarantine_DirectoryObjects_ObjectId" FOREIGN KEY ("ObjectId") REFERENCES "DirectoryObjects" ("Id") ON DELETE CASCADE
);


CREATE TABLE "RoleAssignments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RoleAssignments" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "PrincipalId" TEXT NOT NULL,
    "RoleDefinitionId" TEXT NOT NULL,
    "DirectoryScopeId" TEXT NOT NULL,
    CONSTRAINT "FK_RoleAssignments_DirectoryObjects_PrincipalId" FOREIGN KEY ("PrincipalId") REFERENCES "DirectoryObjects" ("Id") ON DELETE CASCADE
);


CREATE TABLE "BatchResults" (
    "BatchId" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "ObjectIndex" INTEGER NOT NULL,
    "SourceAnchor" TEXT NOT NULL,
    "ObjectType" INTEGER NOT NULL,
    "ObjectId" TEXT NULL,
    "Outcome" INTEGER NOT NULL,
    "MatchedBy" INTEGER NULL,
    "Detail" TEXT NULL,
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


