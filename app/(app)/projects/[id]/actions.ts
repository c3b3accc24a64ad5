"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { currentActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { updateAnnualGoal } from "@/lib/projects/update-annual-goal";

export type ActionResult = { ok: true } | { ok: false; message: string; fieldErrors?: Record<string, string> };

export async function updateAnnualGoalAction(projectId: string, input: unknown): Promise<ActionResult> {
  const actor = await currentActor();
  if (!actor) return { ok: false, message: "会话已过期，请重新登录。" };
  const ip = (await headers()).get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
  try {
    await updateAnnualGoal(db(), actor, projectId, input, { ip });
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    console.error("updateAnnualGoalAction", error);
    return { ok: false, message: "保存失败，请稍后重试。" };
  }
  revalidatePath(`/projects/${projectId}`);
  return { ok: true };
}
