-- 0004 FixAtSourceNote (Postgres): an operator's note that a conflict is to be fixed on premises, and who wrote it.
ALTER TABLE "Quarantine" ADD "FixAtSourceNote" character varying(1024);
ALTER TABLE "Quarantine" ADD "NotedBy" character varying(256);
