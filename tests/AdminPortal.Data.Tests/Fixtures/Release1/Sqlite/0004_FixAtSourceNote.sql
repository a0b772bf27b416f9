-- 0004 FixAtSourceNote (Sqlite): an operator's note that a conflict is to be fixed on premises, and who wrote it.
ALTER TABLE "Quarantine" ADD "FixAtSourceNote" TEXT NULL;
ALTER TABLE "Quarantine" ADD "NotedBy" TEXT NULL;
