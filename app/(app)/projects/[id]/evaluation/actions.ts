"use server";

import { revalidatePath } from "next/cache";
import { runAction, textArg } from "@/app/action";
import { db } from "@/lib/db/client";
import { decideEvaluation, saveEvaluation } from "@/lib/evaluation/service";

const refresh = (projectId: string) => () => revalidatePath(`/projects/${projectId}/evaluation`);

export async function saveEvaluationAction(projectId: string, values: unknown, submit: boolean) {
  return runAction((actor, ip) => saveEvaluation(db(), actor, textArg(projectId), values, { ip, submit: submit === true }), refresh(projectId));
}

export async function decideEvaluationAction(projectId: string, decision: "approve" | "return" | "reopen", comment: string) {
  const kind = decision === "approve" ? "approve" : decision === "reopen" ? "reopen" : "return";
  return runAction((actor, ip) => decideEvaluation(db(), actor, textArg(projectId), kind, String(comment ?? ""), { ip }).then(() => undefined), refresh(projectId));
}
