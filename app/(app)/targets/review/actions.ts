"use server";

import { revalidatePath } from "next/cache";
import { runAction, textArg } from "@/app/action";
import { db } from "@/lib/db/client";
import { setTargetsLocked } from "@/lib/targets/indicators";

// Through runAction like every Server Action: a refusal is recorded and answered, never an
// unhandled error (the action can be called with any arguments, not only this page's button).
export async function setTargetsLockedAction(fiscalYearId: string, locked: boolean) {
  return runAction((actor, ip) => setTargetsLocked(db(), actor, textArg(fiscalYearId), locked === true, { ip }), () => revalidatePath("/targets/review"));
}
