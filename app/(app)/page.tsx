import { redirect } from "next/navigation";
import { homePath } from "@/lib/auth/navigation";
import { readScope } from "@/lib/auth/policy";
import { requireActor } from "@/app/session";
import { db } from "@/lib/db/client";
import { headerTodoCount } from "@/lib/deadlines/todo";

/** After sign-in: a unit's reporter or reviewer with something to do sees the 待办 first; everyone else their home page. */
export default async function HomePage() {
  const actor = await requireActor();
  if (readScope(actor) === "unit") {
    const { count } = await headerTodoCount(db(), actor);
    if (count > 0) redirect("/todo");
  }
  redirect(homePath(actor));
}
