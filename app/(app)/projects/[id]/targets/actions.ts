"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { currentActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createIndicator, deleteIndicator, moveIndicator, updateIndicator } from "@/lib/targets/indicators";

export type ActionResult = { ok: true } | { ok: false; message: string; fieldErrors?: Record<string, string> };

async function run(projectId: string, work: (actor: NonNullable<Awaited<ReturnType<typeof currentActor>>>, ip: string | null) => Promise<unknown>): Promise<ActionResult> {
  const actor = await currentActor();
  if (!actor) return { ok: false, message: "会话已过期，请重新登录。" };
  const ip = (await headers()).get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
  try {
    await work(actor, ip);
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    console.error("indicator action", error);
    return { ok: false, message: "保存失败，请稍后重试。" };
  }
  revalidatePath(`/projects/${projectId}`, "layout");
  return { ok: true };
}

export async function saveIndicatorAction(projectId: string, indicatorId: string | null, version: number, input: unknown) {
  return run(projectId, (actor, ip) =>
    indicatorId ? updateIndicator(db(), actor, indicatorId, input, version, { ip }) : createIndicator(db(), actor, projectId, input, { ip }),
  );
}

export async function deleteIndicatorAction(projectId: string, indicatorId: string, version: number, reason: string) {
  return run(projectId, (actor, ip) => deleteIndicator(db(), actor, indicatorId, { version, reason }, { ip }));
}

export async function moveIndicatorAction(projectId: string, indicatorId: string, step: "up" | "down") {
  return run(projectId, (actor, ip) => moveIndicator(db(), actor, indicatorId, step === "up" ? "up" : "down", { ip }));
}
