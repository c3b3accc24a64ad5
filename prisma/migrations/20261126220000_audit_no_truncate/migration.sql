-- TRUNCATE fires no row triggers, so the append-only rule needs a statement trigger as well
-- (等保 2.0 安全审计: records protected from deletion, by the application's role or anyone's).
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"();
