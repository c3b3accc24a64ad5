import { apiRoute } from "@/app/api-route";
import { attachment } from "@/app/http/responses";
import { exportAuditEvents, parseAuditFilters } from "@/lib/audit/queries";
import { db } from "@/lib/db/client";

/** GET ?from&to&user&action&outcome&object&ip — the matching audit records as .xlsx (auditor only, audited). */
export const GET = apiRoute({ heavy: true }, async ({ actor, search, ip }) => {
  const filters = parseAuditFilters(Object.fromEntries(search));
  const file = await exportAuditEvents(db(), actor, { ...filters, before: undefined }, { ip });
  return attachment(file.bytes, file.fileName);
});
