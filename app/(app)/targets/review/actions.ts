"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { clientIp } from "@/lib/http/same-origin";
import { setTargetsLocked } from "@/lib/targets/indicators";

export async function setTargetsLockedAction(formData: FormData): Promise<void> {
  const actor = await activeActor();
  const fiscalYearId = formData.get("fiscalYearId");
  if (!actor || typeof fiscalYearId !== "string") return;
  await setTargetsLocked(db(), actor, fiscalYearId, formData.get("locked") === "true", { ip: clientIp(await headers()) });
  revalidatePath("/targets/review");
}
