-- The header's to-do count (lib/deadlines/todo.ts) is kept per person and served again while its
-- department's change counter (20261206220000_change_counters) is unchanged. Beyond what the
-- dashboards read, it reads reminders, who has read them, the deadline settings and who returned a
-- month: writing any of these moves the department's counter too, at commit, like every other write.
CREATE FUNCTION "change_noted_departments"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text := TG_ARGV[0];
  departments uuid[] := '{}';
BEGIN
  IF kind = 'own' THEN
    -- Reminder, DeadlineSettings: rows with a "departmentId".
    IF TG_OP <> 'DELETE' THEN SELECT departments || array_agg(DISTINCT n."departmentId") INTO departments FROM new_rows n; END IF;
    IF TG_OP <> 'INSERT' THEN SELECT departments || array_agg(DISTINCT o."departmentId") INTO departments FROM old_rows o; END IF;
  ELSIF kind = 'reminder' THEN
    -- ReminderRead: through its reminder (one deleted by now noted its own department).
    IF TG_OP <> 'DELETE' THEN SELECT departments || array_agg(DISTINCT r."departmentId") INTO departments FROM "Reminder" r WHERE r."id" IN (SELECT n."reminderId" FROM new_rows n); END IF;
    IF TG_OP <> 'INSERT' THEN SELECT departments || array_agg(DISTINCT r."departmentId") INTO departments FROM "Reminder" r WHERE r."id" IN (SELECT o."reminderId" FROM old_rows o); END IF;
  ELSIF kind = 'report' THEN
    -- ReportEvent: through its month's unit.
    IF TG_OP <> 'DELETE' THEN SELECT departments || array_agg(DISTINCT u."departmentId") INTO departments FROM "MonthlyReport" m JOIN "Unit" u ON u."id" = m."unitId" WHERE m."id" IN (SELECT n."reportId" FROM new_rows n); END IF;
    IF TG_OP <> 'INSERT' THEN SELECT departments || array_agg(DISTINCT u."departmentId") INTO departments FROM "MonthlyReport" m JOIN "Unit" u ON u."id" = m."unitId" WHERE m."id" IN (SELECT o."reportId" FROM old_rows o); END IF;
  END IF;
  PERFORM "change_note"(array_remove(departments, NULL));
  RETURN NULL;
END $$;

DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('Reminder', 'own'), ('DeadlineSettings', 'own'), ('ReminderRead', 'reminder'), ('ReportEvent', 'report')) AS v(tbl, kind) LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "change_noted_departments"(%L)', t.tbl || '_change_insert', t.tbl, t.kind);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "change_noted_departments"(%L)', t.tbl || '_change_update', t.tbl, t.kind);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "change_noted_departments"(%L)', t.tbl || '_change_delete', t.tbl, t.kind);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "change_truncated"()', t.tbl || '_change_truncate', t.tbl);
  END LOOP;
END $$;
