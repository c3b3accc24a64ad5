"use server";

import { revalidatePath } from "next/cache";
import { runAction, textArg, versionArg } from "@/app/action";
import { db } from "@/lib/db/client";
import { createIndicator, deleteIndicator, moveIndicator, updateIndicator } from "@/lib/targets/indicators";

const refresh = (projectId: string) => () => revalidatePath(`/projects/${projectId}`, "layout");

export async function saveIndicatorAction(projectId: string, indicatorId: string | null, version: number, input: unknown) {
  return runAction(
    (actor, ip) => (indicatorId ? updateIndicator(db(), actor, textArg(indicatorId), input, versionArg(version), { ip }) : createIndicator(db(), actor, textArg(projectId), input, { ip })).then(() => undefined),
    refresh(projectId),
  );
}

export async function deleteIndicatorAction(projectId: string, indicatorId: string, version: number, reason: string) {
  return runAction((actor, ip) => deleteIndicator(db(), actor, textArg(indicatorId), { version: versionArg(version), reason: textArg(reason) }, { ip }), refresh(projectId));
}

export async function moveIndicatorAction(projectId: string, indicatorId: string, step: "up" | "down") {
  return runAction((actor, ip) => moveIndicator(db(), actor, textArg(indicatorId), step === "up" ? "up" : "down", { ip }), refresh(projectId));
}
