"use server";

import { revalidatePath } from "next/cache";
import { runAction, textArg } from "@/app/action";
import { changeAccountRole } from "@/lib/accounts/write";
import { db } from "@/lib/db/client";
import { endSessions, removeTotp, unlockUser } from "@/lib/security/account";

// The security officer's levers over accounts. Through runAction like every Server Action: a refusal
// is recorded on the audit trail and answered, never an unhandled error (a Server Action can be
// called with any arguments, not only this page's buttons).

const refresh = () => {
  revalidatePath("/security/users");
  revalidatePath("/admin/users");
};

/** 调整角色 (and the unit or department that goes with it). */
export async function changeRoleAction(userId: string, input: unknown) {
  return runAction((actor, ip) => changeAccountRole(db(), actor, textArg(userId), input, { ip }), refresh);
}

export async function unlockUserAction(username: string) {
  return runAction((actor, ip) => unlockUser(db(), actor, textArg(username), { ip }), refresh);
}

/** Ends every session of an account at once. */
export async function endSessionsAction(userId: string) {
  return runAction((actor, ip) => endSessions(db(), actor, textArg(userId), { ip }), refresh);
}

/** Removes a lost second factor; the person enrols again at the next sign-in. */
export async function resetTotpAction(userId: string) {
  return runAction((actor, ip) => removeTotp(db(), actor, textArg(userId), { ip }), refresh);
}
