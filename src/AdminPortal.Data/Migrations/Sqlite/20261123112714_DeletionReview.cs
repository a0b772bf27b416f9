using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminPortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeletionReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HeldExports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Client = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ReceivedDateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Mode = table.Column<int>(type: "INTEGER", nullable: false),
                    ObjectCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Deletes = table.Column<int>(type: "INTEGER", nullable: false),
                    SyncedObjects = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DecidedDateTime = table.Column<long>(type: "INTEGER", nullable: true),
                    AppliedBatchId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Request = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HeldExports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HeldExports_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HeldDeletions",
                columns: table => new
                {
                    HeldExportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ObjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ObjectType = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceAnchor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HeldDeletions", x => new { x.HeldExportId, x.ObjectId });
                    table.ForeignKey(
                        name: "FK_HeldDeletions_HeldExports_HeldExportId",
                        column: x => x.HeldExportId,
                        principalTable: "HeldExports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HeldExports_TenantId_Client_Status",
                table: "HeldExports",
                columns: new[] { "TenantId", "Client", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HeldDeletions");

            migrationBuilder.DropTable(
                name: "HeldExports");
        }
    }
}
