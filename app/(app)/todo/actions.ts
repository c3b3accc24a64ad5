"use server";

import { revalidatePath } from "next/cache";
import { runAction, textArg } from "@/app/action";
import { db } from "@/lib/db/client";
import { markReminderRead, sendReminder } from "@/lib/deadlines/reminders";

export async function sendReminderAction(unitId: unknown, message: unknown) {
  return runAction((actor, ip) => sendReminder(db(), actor, textArg(unitId), textArg(message), { ip }).then(() => undefined), () => revalidatePath("/todo"));
}

export async function markReminderReadAction(reminderId: unknown) {
  return runAction((actor, ip) => markReminderRead(db(), actor, textArg(reminderId), { ip }), () => revalidatePath("/", "layout"));
}
