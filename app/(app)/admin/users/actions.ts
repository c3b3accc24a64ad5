"use server";

import { revalidatePath } from "next/cache";
import { runAction, textArg } from "@/app/action";
import { createAccount, resetAccountPassword, setAccountStatus, updateAccount } from "@/lib/accounts/write";
import { db } from "@/lib/db/client";

// Keeping accounts: the admin's for business accounts, the security officer's for the privileged ones
// (lib/accounts/rules.ts decides which). Through runAction: refusals recorded and answered in Chinese.

const refresh = () => {
  revalidatePath("/admin/users");
  revalidatePath("/security/users");
};

/** 新建账户: answers the one-time password, to be shown once. */
export async function createAccountAction(input: unknown) {
  return runAction((actor, ip) => createAccount(db(), actor, input, { ip }), refresh);
}

export async function updateAccountAction(userId: string, input: unknown) {
  return runAction((actor, ip) => updateAccount(db(), actor, textArg(userId), input, { ip }), refresh);
}

/** 停用 or 启用 (status ACTIVE or DISABLED). */
export async function setAccountStatusAction(userId: string, status: string) {
  return runAction((actor, ip) => setAccountStatus(db(), actor, textArg(userId), status, { ip }), refresh);
}

/** 重置密码: answers the new one-time password, to be shown once. */
export async function resetAccountPasswordAction(userId: string) {
  return runAction((actor, ip) => resetAccountPassword(db(), actor, textArg(userId), undefined, { ip }), refresh);
}
