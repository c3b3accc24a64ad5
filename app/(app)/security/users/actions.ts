"use server";

import { revalidatePath } from "next/cache";
import { activeActor } from "@/lib/auth/session";
import { unlockUser } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { endSessions, removeTotp } from "@/lib/security/account";

export async function unlockUserAction(formData: FormData): Promise<void> {
  const actor = await activeActor();
  const username = formData.get("username");
  if (!actor || typeof username !== "string") return;
  await unlockUser(db(), actor, username);
  revalidatePath("/security/users");
}

async function asSecurityOfficer(formData: FormData, work: (actor: NonNullable<Awaited<ReturnType<typeof activeActor>>>, userId: string) => Promise<void>): Promise<void> {
  const actor = await activeActor();
  const userId = formData.get("userId");
  if (!actor || typeof userId !== "string") return;
  await work(actor, userId);
  revalidatePath("/security/users");
}

/** Ends every session of an account at once (issue 8 §1). */
export async function endSessionsAction(formData: FormData): Promise<void> {
  await asSecurityOfficer(formData, (actor, userId) => endSessions(db(), actor, userId));
}

/** Removes a lost second factor; the person enrols again at the next sign-in. */
export async function resetTotpAction(formData: FormData): Promise<void> {
  await asSecurityOfficer(formData, (actor, userId) => removeTotp(db(), actor, userId));
}
