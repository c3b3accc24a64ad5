import "server-only";
import { headers } from "next/headers";
import { forbidden, notFound } from "next/navigation";
import { recordDenied, refusalDetail } from "@/lib/audit/denied";
import { currentActor } from "@/app/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/app/http/same-origin";

/** Records a refusal in the audit trail with who, where from and which page (issue 8 §3). */
export async function auditDenied(message: string): Promise<void> {
  const [actor, h] = await Promise.all([currentActor(), headers()]);
  await recordDenied(db(), actor, h.get("x-pathname") ?? "page", message, clientIp(h));
}

/**
 * Runs a lib/ read for a page: out of scope → 404, role not allowed → 403. Both are recorded: a
 * 404 is how lib/ answers another unit's real id, so a probe through a page URL leaves a trace too.
 */
export async function load<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const detail = refusalDetail(error);
    if (detail === null) throw error;
    await auditDenied(detail);
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    forbidden();
  }
}
