"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/app/action";
import { unlockUser } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { endSessions, removeTotp } from "@/lib/security/account";

// Form actions of the security officer's page. They go through runAction like every Server Action:
// a refusal is recorded on the audit trail and answered, never an unhandled error (a Server Action
// can be called with any arguments, not only this page's forms).

const refresh = () => revalidatePath("/security/users");
const field = (formData: unknown, name: string) => (formData instanceof FormData ? formData.get(name) : null);

export async function unlockUserAction(formData: FormData): Promise<void> {
  const username = field(formData, "username");
  if (typeof username !== "string") return;
  await runAction((actor, ip) => unlockUser(db(), actor, username, { ip }), refresh);
}

/** Ends every session of an account at once (issue 8 §1). */
export async function endSessionsAction(formData: FormData): Promise<void> {
  const userId = field(formData, "userId");
  if (typeof userId !== "string") return;
  await runAction((actor, ip) => endSessions(db(), actor, userId, { ip }), refresh);
}

/** Removes a lost second factor; the person enrols again at the next sign-in. */
export async function resetTotpAction(formData: FormData): Promise<void> {
  const userId = field(formData, "userId");
  if (typeof userId !== "string") return;
  await runAction((actor, ip) => removeTotp(db(), actor, userId, { ip }), refresh);
}
