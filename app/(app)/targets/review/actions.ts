"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/app/action";
import { db } from "@/lib/db/client";
import { setTargetsLocked } from "@/lib/targets/indicators";

// Through runAction like every Server Action: a refusal is recorded and answered, never an
// unhandled error (the action can be called with any arguments, not only this page's form).
export async function setTargetsLockedAction(formData: FormData): Promise<void> {
  const fiscalYearId = formData instanceof FormData ? formData.get("fiscalYearId") : null;
  if (typeof fiscalYearId !== "string") return;
  await runAction((actor, ip) => setTargetsLocked(db(), actor, fiscalYearId, formData.get("locked") === "true", { ip }), () => revalidatePath("/targets/review"));
}
