#!/usr/bin/env bash
# Adds one EF Core migration named $1 for every provider (SQLite, PostgreSQL, SQL Server), each into
# src/AdminPortal.Data/Migrations/<Provider>/ with its model snapshot. Run after changing an entity or its
# configuration (src/AdminPortal.Data/Rows, Configuration/). Uses the dotnet-ef pinned in .config/dotnet-tools.json.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/add-migration.sh <MigrationName>}"
dotnet tool restore >/dev/null
dotnet build src/AdminPortal.Data --nologo -v q
for provider in Sqlite Postgres SqlServer; do
  dotnet ef migrations add "$name" --no-build --project src/AdminPortal.Data \
    --context "${provider}PortalDbContext" --output-dir "Migrations/$provider"
done
