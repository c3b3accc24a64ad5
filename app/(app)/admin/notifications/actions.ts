"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/app/action";
import { db } from "@/lib/db/client";
import { saveDeadlines } from "@/lib/deadlines/settings";
import { queueTestMessage, saveWebhook } from "@/lib/notify/webhooks";
import { kickNotificationWorker } from "@/lib/notify/worker";

const PAGE = "/admin/notifications";

export async function saveDeadlinesAction(values: unknown) {
  return runAction((actor, ip) => saveDeadlines(db(), actor, values, { ip }).then(() => undefined), () => revalidatePath("/", "layout"));
}

export async function saveWebhookAction(values: unknown) {
  return runAction((actor, ip) => saveWebhook(db(), actor, values, { ip }), () => revalidatePath(PAGE));
}

/** Queues a test message and nudges the worker; returns at once (the page shows the outcome when it is known). */
export async function testWebhookAction() {
  return runAction((actor, ip) => queueTestMessage(db(), actor, { ip }), () => {
    kickNotificationWorker();
    revalidatePath(PAGE);
  });
}
