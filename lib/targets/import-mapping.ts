import type { Actor } from "@/lib/auth/roles";
import { authorize } from "@/lib/auth/policy";
import type { Db } from "@/lib/db/client";
import { readMapping, type TargetsMapping } from "./import/mapping";

// A department's column mapping (import/mapping.ts), remembered when an import read with it is
// committed — in the import's own transaction, and named in its audit record — and tried on the
// department's next file that no layout recognises. Kept by department code, so a department the
// import creates has its mapping from the first commit. Like the expenditure import's per-unit
// mapping, it lives in Setting: one JSON value, read and written whole.

export const mappingKey = (departmentCode: string): string => `targetsImport.mapping.${departmentCode}`;

/** The mapping remembered for a department, or null (none, or one that no longer validates). Admins only. */
export async function rememberedMapping(db: Db, actor: Actor, departmentCode: string): Promise<TargetsMapping | null> {
  authorize(actor, "targets.import");
  const row = await db.setting.findUnique({ where: { key: mappingKey(departmentCode) } });
  if (!row) return null;
  const read = readMapping(row.value);
  return "mapping" in read ? read.mapping : null;
}
