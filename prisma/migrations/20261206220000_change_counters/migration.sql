-- What changed, per project and per department (lib/dashboard/cache.ts reads it):
--  * ChangeCounter: one row per project and per department (and one, the nil uuid, for what every
--    overview reads: people's names) moved on by every transaction that wrote anything the dashboards
--    read about it. An overview is served again while its department's row is unchanged, and after a
--    change only the projects whose rows moved are read again.
--  * The rows are moved at COMMIT, in one statement, in id order, by a deferred trigger. A writer
--    therefore takes these row locks last, after every other lock of its transaction (the audit
--    chain's advisory lock included), and all writers take them in the same order: two writers can
--    wait for each other here but never deadlock. During the transaction, statement triggers only
--    note the ids (a transaction-local setting) — no lock, whatever the order of data and audit.
--  * "txid" is the transaction that moved the row last: unique on the server, so a cached version
--    never matches a row rewritten later (after a reset or a restore the counts start again).
CREATE TABLE "ChangeCounter" (
    "id" UUID NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,
    "txid" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "ChangeCounter_pkey" PRIMARY KEY ("id")
);

-- One row per writing transaction while it runs: inserting it queues the deferred flush once.
CREATE TABLE "ChangePending" (
    "txid" BIGINT NOT NULL,
    CONSTRAINT "ChangePending_pkey" PRIMARY KEY ("txid")
);

-- Notes ids to move at commit (duplicates dropped), and queues the flush the first time. No row of
-- "ChangeCounter" is touched here: a lock taken now would be held, in the order of the writes,
-- while the transaction goes on to take others (the audit chain's) — the order that deadlocks.
CREATE FUNCTION "change_note"(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  noted text := coalesce(current_setting('jixiao.changed', true), '');
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  IF noted = '' THEN
    INSERT INTO "ChangePending" ("txid") VALUES (txid_current()) ON CONFLICT DO NOTHING;
  END IF;
  PERFORM set_config('jixiao.changed',
    coalesce((SELECT string_agg(DISTINCT x, ',') FROM unnest(string_to_array(nullif(noted, ''), ',') || ids::text[]) AS x WHERE x IS NOT NULL), ''),
    true);
END $$;

-- At commit: every noted counter moved on, in id order (the lock order every writer shares).
CREATE FUNCTION "change_flush"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  noted text := coalesce(current_setting('jixiao.changed', true), '');
BEGIN
  IF noted <> '' THEN
    INSERT INTO "ChangeCounter" AS c ("id", "version", "txid")
      SELECT x::uuid AS id, 1, txid_current() FROM unnest(string_to_array(noted, ',')) AS x ORDER BY id
      ON CONFLICT ("id") DO UPDATE SET "version" = c."version" + 1, "txid" = EXCLUDED."txid";
    PERFORM set_config('jixiao.changed', '', true);
  END IF;
  DELETE FROM "ChangePending" WHERE "txid" = NEW."txid";
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER "ChangePending_flush" AFTER INSERT ON "ChangePending"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "change_flush"();

-- Which counters a statement moves, by the table it wrote (TG_ARGV[0] names how its rows lead to
-- a project and a department). Rows already gone (a cascade) lead nowhere: their project's own
-- delete is noted by the Project trigger.
-- The projects and the departments they belong to (a project deleted by now still counts itself).
CREATE FUNCTION "change_by_project"(project_ids uuid[]) RETURNS uuid[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT x), '{}') FROM (
    SELECT unnest(project_ids) AS x
    UNION ALL
    SELECT u."departmentId" FROM "Project" p JOIN "Unit" u ON u."id" = p."unitId" WHERE p."id" = ANY(project_ids)
  ) AS t
$$;

CREATE FUNCTION "change_noted_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text := TG_ARGV[0];
  projects uuid[];
  others uuid[] := '{}';
BEGIN
  IF kind = 'project' THEN
    -- Rows with a "projectId": Indicator, Expenditure, BudgetAdjustment, SelfEvaluation, Evidence.
    IF TG_OP <> 'DELETE' THEN SELECT array_agg(DISTINCT n."projectId") INTO projects FROM new_rows n; END IF;
    IF TG_OP <> 'INSERT' THEN SELECT projects || array_agg(DISTINCT o."projectId") INTO projects FROM old_rows o; END IF;
  ELSIF kind = 'indicator' THEN
    -- CheckIn, ReviewedCheckIn: through their indicator.
    IF TG_OP <> 'DELETE' THEN SELECT array_agg(DISTINCT i."projectId") INTO projects FROM "Indicator" i WHERE i."id" IN (SELECT n."indicatorId" FROM new_rows n); END IF;
    IF TG_OP <> 'INSERT' THEN SELECT projects || array_agg(DISTINCT i."projectId") INTO projects FROM "Indicator" i WHERE i."id" IN (SELECT o."indicatorId" FROM old_rows o); END IF;
  ELSIF kind = 'self' THEN
    -- Project: itself, and the department of its unit before and after.
    IF TG_OP <> 'DELETE' THEN
      SELECT array_agg(n."id") INTO projects FROM new_rows n;
      SELECT others || array_agg(DISTINCT u."departmentId") INTO others FROM "Unit" u WHERE u."id" IN (SELECT n."unitId" FROM new_rows n);
    END IF;
    IF TG_OP <> 'INSERT' THEN
      SELECT projects || array_agg(o."id") INTO projects FROM old_rows o;
      SELECT others || array_agg(DISTINCT u."departmentId") INTO others FROM "Unit" u WHERE u."id" IN (SELECT o."unitId" FROM old_rows o);
    END IF;
  ELSIF kind = 'report' THEN
    -- MonthlyReport: the department of its unit (the months' states and what was reviewed); and when
    -- a month's state changes (approved, reopened) or it goes, every project of the unit that year,
    -- whose check-ins of that month change from draft to reviewed or back.
    IF TG_OP <> 'DELETE' THEN SELECT others || array_agg(DISTINCT u."departmentId") INTO others FROM "Unit" u WHERE u."id" IN (SELECT n."unitId" FROM new_rows n); END IF;
    IF TG_OP <> 'INSERT' THEN SELECT others || array_agg(DISTINCT u."departmentId") INTO others FROM "Unit" u WHERE u."id" IN (SELECT o."unitId" FROM old_rows o); END IF;
    IF TG_OP = 'DELETE' THEN
      SELECT array_agg(p."id") INTO projects FROM "Project" p JOIN (SELECT DISTINCT o."unitId", o."fiscalYearId" FROM old_rows o) r ON p."unitId" = r."unitId" AND p."fiscalYearId" = r."fiscalYearId";
    ELSIF TG_OP = 'UPDATE' THEN
      SELECT array_agg(p."id") INTO projects FROM "Project" p JOIN (
        SELECT DISTINCT n."unitId", n."fiscalYearId" FROM new_rows n JOIN old_rows o ON o."id" = n."id" WHERE n."status" IS DISTINCT FROM o."status"
      ) r ON p."unitId" = r."unitId" AND p."fiscalYearId" = r."fiscalYearId";
    END IF;
  ELSIF kind = 'department' THEN
    -- Unit, FiscalYear: their department before and after.
    IF TG_OP <> 'DELETE' THEN SELECT others || array_agg(DISTINCT n."departmentId") INTO others FROM new_rows n; END IF;
    IF TG_OP <> 'INSERT' THEN SELECT others || array_agg(DISTINCT o."departmentId") INTO others FROM old_rows o; END IF;
  ELSIF kind = 'departments' THEN
    -- Department: itself, and every overview (an overview asked for without a department shows the
    -- first one by code).
    IF TG_OP <> 'DELETE' THEN SELECT others || array_agg(n."id") INTO others FROM new_rows n; END IF;
    IF TG_OP <> 'INSERT' THEN SELECT others || array_agg(o."id") INTO others FROM old_rows o; END IF;
    others := others || '00000000-0000-0000-0000-000000000000'::uuid;
  ELSIF kind = 'names' THEN
    -- User: a changed display name is shown beside check-ins in every overview.
    IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o."id" = n."id" WHERE n."displayName" IS DISTINCT FROM o."displayName") THEN
      others := ARRAY['00000000-0000-0000-0000-000000000000'::uuid];
    END IF;
  END IF;
  PERFORM "change_note"("change_by_project"(projects) || others);
  RETURN NULL;
END $$;

-- Nothing records a TRUNCATE row by row: it moves what every overview reads.
CREATE FUNCTION "change_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "change_note"(ARRAY['00000000-0000-0000-0000-000000000000'::uuid]);
  RETURN NULL;
END $$;

-- The tables the dashboards read, each with how its rows lead to counters. Evidence, report events,
-- evaluation lines and the rest are not read by them and move nothing.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('Department', 'departments'), ('FiscalYear', 'department'), ('Unit', 'department'), ('MonthlyReport', 'report'),
    ('Project', 'self'), ('Indicator', 'project'), ('Expenditure', 'project'), ('BudgetAdjustment', 'project'),
    ('SelfEvaluation', 'project'), ('CheckIn', 'indicator'), ('ReviewedCheckIn', 'indicator')
  ) AS v(tbl, kind) LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "change_noted_rows"(%L)', t.tbl || '_change_insert', t.tbl, t.kind);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "change_noted_rows"(%L)', t.tbl || '_change_update', t.tbl, t.kind);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "change_noted_rows"(%L)', t.tbl || '_change_delete', t.tbl, t.kind);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "change_truncated"()', t.tbl || '_change_truncate', t.tbl);
  END LOOP;
END $$;
CREATE TRIGGER "User_change_update" AFTER UPDATE ON "User" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "change_noted_rows"('names');
