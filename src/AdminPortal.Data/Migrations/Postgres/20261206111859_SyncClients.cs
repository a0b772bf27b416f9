using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminPortal.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SyncClients : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SyncClients",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    MachineName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    ServiceAccount = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ApplicationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AnchorAttribute = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SynchronizationIntervalSeconds = table.Column<long>(type: "bigint", nullable: true),
                    PendingObjectsAddition = table.Column<int>(type: "integer", nullable: false),
                    PendingObjectsDeletion = table.Column<int>(type: "integer", nullable: false),
                    PendingObjectsUpdate = table.Column<int>(type: "integer", nullable: false),
                    SuccessfulLinksProvisioningCount = table.Column<long>(type: "bigint", nullable: false),
                    SuccessfulObjectsProvisioningCount = table.Column<int>(type: "integer", nullable: false),
                    TotalConnectorSpaceObjects = table.Column<int>(type: "integer", nullable: false),
                    ReportedDateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReportedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CustomerRequestedIntervalSeconds = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncClients", x => x.TenantId);
                    table.ForeignKey(
                        name: "FK_SyncClients_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SyncClients");
        }
    }
}
