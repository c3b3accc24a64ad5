import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { recordAudit } from "./record";

/**
 * Records a refused request (issue 8 §3: "denied access … recorded"). Never throws: failing to
 * write the record must not turn a 403 into a 500; the failure goes to the server log instead.
 */
export async function recordDenied(db: Db, actor: Pick<Actor, "id" | "username"> | null, what: string, detail: string, ip?: string | null): Promise<void> {
  try {
    await db.$transaction((tx) => recordAudit(tx, { actor, ip, action: "access.denied", objectType: "Route", objectId: what.slice(0, 200), outcome: "DENIED", detail: detail.slice(0, 500) }));
  } catch (error) {
    console.error("[audit] could not record a denied request", error);
  }
}
