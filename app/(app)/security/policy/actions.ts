"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/app/action";
import { db } from "@/lib/db/client";
import { savePolicy } from "@/lib/security/policy-store";

export async function savePolicyAction(values: unknown) {
  return runAction((actor, ip) => savePolicy(db(), actor, values, { ip }).then(() => undefined), () => revalidatePath("/security/policy"));
}
