"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { currentActor } from "@/lib/auth/session";
import { recordAdjustment, recordExpenditure, reverseExpenditure, type RecordResult } from "@/lib/budget/records";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/same-origin";

export type BudgetActionResult = { ok: true; result?: RecordResult } | { ok: false; message: string; fieldErrors?: Record<string, string> };

async function run(projectId: string, work: (actor: NonNullable<Awaited<ReturnType<typeof currentActor>>>, ip: string | null) => Promise<RecordResult | { id: string }>): Promise<BudgetActionResult> {
  const actor = await currentActor();
  if (!actor) return { ok: false, message: "会话已过期，请重新登录。" };
  try {
    const result = await work(actor, clientIp(await headers()));
    revalidatePath(`/projects/${projectId}/budget`);
    return { ok: true, result };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    console.error("budget action", error);
    return { ok: false, message: "保存失败，请稍后重试。" };
  }
}

export async function recordExpenditureAction(projectId: string, input: unknown) {
  return run(projectId, (actor, ip) => recordExpenditure(db(), actor, projectId, input, { ip }));
}

export async function recordAdjustmentAction(projectId: string, input: unknown) {
  return run(projectId, (actor, ip) => recordAdjustment(db(), actor, projectId, input, { ip }));
}

export async function reverseExpenditureAction(projectId: string, expenditureId: string, reason: string) {
  return run(projectId, (actor, ip) => reverseExpenditure(db(), actor, expenditureId, reason, { ip }));
}
