import Link from "@/components/ui/link";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { hasTodo, headerTodoCount } from "@/lib/deadlines/todo";

/** The header's 待办 link with how many items wait and whether any is overdue (lib/deadlines/todo.ts). */
export async function TodoBadge({ actor }: { actor: Actor }) {
  if (actor.pending || !hasTodo(actor)) return null;
  const { count, overdue } = await headerTodoCount(db(), actor);
  const label = count === 0 ? "待办：暂无" : `待办 ${count} 项${overdue > 0 ? `，其中 ${overdue} 项已逾期` : ""}`;
  return (
    <Link href="/todo" id="header-todo" aria-label={label} title={label} data-count={count} data-overdue={overdue} className="inline-flex items-center gap-1 hover:underline">
      待办
      {count > 0 && <span className={`min-w-5 rounded-full px-1.5 text-center text-xs leading-5 font-semibold ${overdue > 0 ? "bg-red-600 text-white" : "bg-amber-300 text-slate-900"}`}>{count}</span>}
    </Link>
  );
}
