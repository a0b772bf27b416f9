using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminPortal.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Release1Schema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccessKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedDateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    RevokedDateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastUsedDateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: true),
                    Actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Before = table.Column<string>(type: "text", nullable: true),
                    After = table.Column<string>(type: "text", nullable: true),
                    OccurredDateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MatchRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    BatchId = table.Column<Guid>(type: "uuid", nullable: false),
                    ObjectId = table.Column<Guid>(type: "uuid", nullable: true),
                    SourceAnchor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ObjectType = table.Column<int>(type: "integer", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    OccurredDateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    MatchedBy = table.Column<int>(type: "integer", nullable: true),
                    ErrorCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    Steps = table.Column<string>(type: "text", nullable: false),
                    FeaturesInForce = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MatchRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Tenants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    InitialDomain = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    CreatedDateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeletionPreventionType = table.Column<int>(type: "integer", nullable: false),
                    DeletionThreshold = table.Column<int>(type: "integer", nullable: false),
                    FederatedDomainChangeAllowed = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tenants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryObjects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ObjectType = table.Column<int>(type: "integer", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    UserPrincipalName = table.Column<string>(type: "character varying(113)", maxLength: 113, nullable: true),
                    UpnNormalized = table.Column<string>(type: "character varying(113)", maxLength: 113, nullable: true),
                    MailNickname = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    OnPremisesUserPrincipalName = table.Column<string>(type: "character varying(113)", maxLength: 113, nullable: true),
                    Mail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    MailEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    ImmutableId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    SyncEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LastSyncDateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DistinguishedName = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    SourceHash = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedDateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryObjects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DirectoryObjects_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FeatureStates",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Feature = table.Column<int>(type: "integer", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeatureStates", x => new { x.TenantId, x.Feature });
                    table.ForeignKey(
                        name: "FK_FeatureStates_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SyncBatches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Mode = table.Column<int>(type: "integer", nullable: false),
                    ReceivedDateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ObjectCount = table.Column<int>(type: "integer", nullable: false),
                    Created = table.Column<int>(type: "integer", nullable: false),
                    Matched = table.Column<int>(type: "integer", nullable: false),
                    Updated = table.Column<int>(type: "integer", nullable: false),
                    Unchanged = table.Column<int>(type: "integer", nullable: false),
                    Deleted = table.Column<int>(type: "integer", nullable: false),
                    Failed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncBatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SyncBatches_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SyncFailures",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceAnchor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ObjectType = table.Column<int>(type: "integer", nullable: false),
                    ObjectId = table.Column<Guid>(type: "uuid", nullable: true),
                    DisplayName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ErrorCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Property = table.Column<int>(type: "integer", nullable: true),
                    Value = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    Message = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    FirstFailedDateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastAttemptDateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    BatchId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncFailures", x => new { x.TenantId, x.SourceAnchor });
                    table.ForeignKey(
                        name: "FK_SyncFailures_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VerifiedDomains",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    Authentication = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VerifiedDomains", x => new { x.TenantId, x.Name });
                    table.ForeignKey(
                        name: "FK_VerifiedDomains_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Licenses",
                columns: table => new
                {
                    ObjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    SkuId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Licenses", x => new { x.ObjectId, x.SkuId });
                    table.ForeignKey(
                        name: "FK_Licenses_DirectoryObjects_ObjectId",
                        column: x => x.ObjectId,
                        principalTable: "DirectoryObjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProxyAddresses",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Normalized = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    ObjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Value = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    IsPrimary = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProxyAddresses", x => new { x.TenantId, x.Normalized });
                    table.ForeignKey(
                        name: "FK_ProxyAddresses_DirectoryObjects_ObjectId",
                        column: x => x.ObjectId,
                        principalTable: "DirectoryObjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Quarantine",
                columns: table => new
                {
                    ObjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Property = table.Column<int>(type: "integer", nullable: false),
                    NormalizedValue = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ObjectType = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Placeholder = table.Column<string>(type: "character varying(113)", maxLength: 113, nullable: true),
                    OccurredDateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FixAtSourceNote = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    NotedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Quarantine", x => new { x.ObjectId, x.Property, x.NormalizedValue });
                    table.ForeignKey(
                        name: "FK_Quarantine_DirectoryObjects_ObjectId",
                        column: x => x.ObjectId,
                        principalTable: "DirectoryObjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RoleAssignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    PrincipalId = table.Column<Guid>(type: "uuid", nullable: false),
                    RoleDefinitionId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DirectoryScopeId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoleAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoleAssignments_DirectoryObjects_PrincipalId",
                        column: x => x.PrincipalId,
                        principalTable: "DirectoryObjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BatchResults",
                columns: table => new
                {
                    BatchId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    ObjectIndex = table.Column<int>(type: "integer", nullable: false),
                    SourceAnchor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ObjectType = table.Column<int>(type: "integer", nullable: false),
                    ObjectId = table.Column<Guid>(type: "uuid", nullable: true),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    MatchedBy = table.Column<int>(type: "integer", nullable: true),
                    Detail = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BatchResults", x => new { x.BatchId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_BatchResults_SyncBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "SyncBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccessKeys_Hash",
                table: "AccessKeys",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_TenantId_OccurredDateTime",
                table: "AuditEvents",
                columns: new[] { "TenantId", "OccurredDateTime" });

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryObjects_TenantId_ImmutableId",
                table: "DirectoryObjects",
                columns: new[] { "TenantId", "ImmutableId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryObjects_TenantId_ObjectType_DisplayName",
                table: "DirectoryObjects",
                columns: new[] { "TenantId", "ObjectType", "DisplayName" });

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryObjects_TenantId_ObjectType_Id",
                table: "DirectoryObjects",
                columns: new[] { "TenantId", "ObjectType", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryObjects_TenantId_UpnNormalized",
                table: "DirectoryObjects",
                columns: new[] { "TenantId", "UpnNormalized" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MatchRecords_TenantId_ObjectId",
                table: "MatchRecords",
                columns: new[] { "TenantId", "ObjectId" });

            migrationBuilder.CreateIndex(
                name: "IX_MatchRecords_TenantId_OccurredDateTime",
                table: "MatchRecords",
                columns: new[] { "TenantId", "OccurredDateTime" });

            migrationBuilder.CreateIndex(
                name: "IX_MatchRecords_TenantId_SourceAnchor",
                table: "MatchRecords",
                columns: new[] { "TenantId", "SourceAnchor" });

            migrationBuilder.CreateIndex(
                name: "IX_ProxyAddresses_ObjectId",
                table: "ProxyAddresses",
                column: "ObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Quarantine_ListByTime",
                table: "Quarantine",
                columns: new[] { "TenantId", "OccurredDateTime", "ObjectId", "Property", "NormalizedValue" });

            migrationBuilder.CreateIndex(
                name: "IX_Quarantine_ListByValue",
                table: "Quarantine",
                columns: new[] { "TenantId", "NormalizedValue", "ObjectId", "Property" });

            migrationBuilder.CreateIndex(
                name: "IX_Quarantine_TenantId_Property_NormalizedValue",
                table: "Quarantine",
                columns: new[] { "TenantId", "Property", "NormalizedValue" });

            migrationBuilder.CreateIndex(
                name: "IX_Quarantine_TenantId_Property_ObjectType",
                table: "Quarantine",
                columns: new[] { "TenantId", "Property", "ObjectType" });

            migrationBuilder.CreateIndex(
                name: "IX_RoleAssignments_PrincipalId",
                table: "RoleAssignments",
                column: "PrincipalId");

            migrationBuilder.CreateIndex(
                name: "IX_RoleAssignments_TenantId_PrincipalId",
                table: "RoleAssignments",
                columns: new[] { "TenantId", "PrincipalId" });

            migrationBuilder.CreateIndex(
                name: "IX_SyncBatches_TenantId_ReceivedDateTime",
                table: "SyncBatches",
                columns: new[] { "TenantId", "ReceivedDateTime" });

            migrationBuilder.CreateIndex(
                name: "IX_Tenants_InitialDomain",
                table: "Tenants",
                column: "InitialDomain",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccessKeys");

            migrationBuilder.DropTable(
                name: "AuditEvents");

            migrationBuilder.DropTable(
                name: "BatchResults");

            migrationBuilder.DropTable(
                name: "FeatureStates");

            migrationBuilder.DropTable(
                name: "Licenses");

            migrationBuilder.DropTable(
                name: "MatchRecords");

            migrationBuilder.DropTable(
                name: "ProxyAddresses");

            migrationBuilder.DropTable(
                name: "Quarantine");

            migrationBuilder.DropTable(
                name: "RoleAssignments");

            migrationBuilder.DropTable(
                name: "SyncFailures");

            migrationBuilder.DropTable(
                name: "VerifiedDomains");

            migrationBuilder.DropTable(
                name: "SyncBatches");

            migrationBuilder.DropTable(
                name: "DirectoryObjects");

            migrationBuilder.DropTable(
                name: "Tenants");
        }
    }
}
