"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import type { Actor } from "@/lib/auth/roles";
import { currentActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/same-origin";
import { saveCheckIns, type BatchResult } from "@/lib/progress/check-ins";
import { reopenReport, reviewReport, submitReport } from "@/lib/progress/reports";

export type ActionResult<T = undefined> = { ok: true; value?: T } | { ok: false; message: string; fieldErrors?: Record<string, string> };

async function run<T>(work: (actor: Actor, ip: string | null) => Promise<T>): Promise<ActionResult<T>> {
  const actor = await currentActor();
  if (!actor) return { ok: false, message: "会话已过期，请重新登录。" };
  try {
    const value = await work(actor, clientIp(await headers()));
    revalidatePath("/progress");
    return { ok: true, value };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    console.error("progress action", error);
    return { ok: false, message: "操作失败，请稍后重试。" };
  }
}

export async function saveCheckInsAction(year: number, month: number, rows: unknown[]): Promise<ActionResult<BatchResult>> {
  return run((actor, ip) => saveCheckIns(db(), actor, { year, month, rows }, { ip }));
}

export async function submitReportAction(reportId: string) {
  return run((actor, ip) => submitReport(db(), actor, reportId, { ip }).then(() => undefined));
}

export async function reviewReportAction(reportId: string, decision: "approve" | "return", comment: string) {
  return run((actor, ip) => reviewReport(db(), actor, reportId, decision === "approve" ? "approve" : "return", comment, { ip }).then(() => undefined));
}

export async function reopenReportAction(reportId: string, reason: string) {
  return run((actor, ip) => reopenReport(db(), actor, reportId, reason, { ip }).then(() => undefined));
}
