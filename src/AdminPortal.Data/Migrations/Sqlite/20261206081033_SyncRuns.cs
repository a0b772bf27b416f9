using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminPortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SyncRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Request",
                table: "HeldExports",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AddColumn<Guid>(
                name: "RunId",
                table: "HeldExports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SyncRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Mode = table.Column<int>(type: "INTEGER", nullable: false),
                    Client = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedDateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    LastActivityDateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Pages = table.Column<int>(type: "INTEGER", nullable: false),
                    ObjectCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SyncRuns_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StagedObjects",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceAnchor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    IsDeleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StagedObjects", x => new { x.RunId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_StagedObjects_SyncRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "SyncRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StagedObjects_RunId_SourceAnchor",
                table: "StagedObjects",
                columns: new[] { "RunId", "SourceAnchor" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SyncRuns_Status_LastActivityDateTime",
                table: "SyncRuns",
                columns: new[] { "Status", "LastActivityDateTime" });

            migrationBuilder.CreateIndex(
                name: "IX_SyncRuns_TenantId_Status",
                table: "SyncRuns",
                columns: new[] { "TenantId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StagedObjects");

            migrationBuilder.DropTable(
                name: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "RunId",
                table: "HeldExports");

            migrationBuilder.AlterColumn<string>(
                name: "Request",
                table: "HeldExports",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
