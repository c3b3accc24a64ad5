"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/app/action";
import { db } from "@/lib/db/client";
import { changeOwnPassword, confirmTotpEnrollment, removeTotp, startTotpEnrollment } from "@/lib/security/account";

// The account page's own actions run while a password change or two-factor enrolment is pending.
const pending = { allowPending: true } as const;
const refresh = () => revalidatePath("/account");
const text = (v: unknown) => (typeof v === "string" ? v : "");

export async function changePasswordAction(values: { currentPassword?: unknown; newPassword?: unknown; confirmPassword?: unknown }) {
  return runAction((actor, ip) => changeOwnPassword(db(), actor, { currentPassword: text(values?.currentPassword), newPassword: text(values?.newPassword), confirmPassword: text(values?.confirmPassword) }, { ip }), refresh, pending);
}

export async function startTotpAction() {
  return runAction((actor, ip) => startTotpEnrollment(db(), actor, { ip }), refresh, pending);
}

export async function confirmTotpAction(code: unknown) {
  return runAction((actor, ip) => confirmTotpEnrollment(db(), actor, text(code), { ip }), refresh, pending);
}

export async function removeOwnTotpAction() {
  return runAction((actor, ip) => removeTotp(db(), actor, actor.id, { ip }), refresh, pending);
}
