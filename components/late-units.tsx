import Link from "@/components/ui/link";
import type { DepartmentLateness } from "@/lib/deadlines/lateness";

/** Leaders' and admins' line on the overview: which units are late, linking to the 待办 where they can remind them. */
export function LateUnits({ late }: { late: DepartmentLateness }) {
  const units = late.units.filter((u) => u.overdue > 0);
  if (units.length === 0) return null;
  return (
    <section id="late-units-summary" aria-labelledby="late-heading" className="no-print rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-950">
      <h2 id="late-heading" className="font-semibold">
        逾期：{units.length} 个单位
        <Link href="/todo" className="ml-3 font-normal text-brand-700 underline">查看并催办</Link>
      </h2>
      <ul className="mt-1 space-y-0.5">
        {units.map((u) => (
          <li key={u.unitId}>
            {u.name}：
            {[
              u.reports.length > 0 ? `${u.reports.map((r) => `${r.month} 月`).join("、")}未提交` : "",
              u.reviews.length > 0 ? `${u.reviews.map((r) => `${r.month} 月`).join("、")}未审核` : "",
              u.evaluations.length > 0 ? `${u.evaluations.length} 个项目自评逾期` : "",
            ].filter(Boolean).join("；")}
          </li>
        ))}
      </ul>
    </section>
  );
}
