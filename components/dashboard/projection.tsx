import Link from "next/link";
import type { Overview } from "@/lib/dashboard/overview";
import type { Projection } from "@/lib/evaluation/prefill";
import { DraftMark } from "./data-basis";

const GRADE_TONE = { 优: "bg-green-100 text-green-900", 良: "bg-sky-100 text-sky-900", 中: "bg-amber-100 text-amber-900", 差: "bg-red-100 text-red-900" } as const;

export function GradeBadge({ grade }: { grade: Projection["grade"] }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${GRADE_TONE[grade]}`}>{grade}</span>;
}

/** One project's projected self-evaluation: total, grade, and which indicators cost the points. */
export function ProjectionCard({ projection, reviewed = null, href }: { projection: Pick<Projection, "total" | "grade" | "explanation">; reviewed?: Pick<Projection, "total" | "grade"> | null; href: string }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6" aria-labelledby="projection-heading">
      <h2 id="projection-heading" className="text-lg font-semibold">
        年度自评预测 <span className="ml-2 text-2xl tabular">{projection.total}</span> <GradeBadge grade={projection.grade} />
        {reviewed && reviewed.total !== projection.total && <DraftMark reviewed={`${reviewed.total}（${reviewed.grade}）`} />}
      </h2>
      <p id="projection-explanation" className="mt-1 text-sm text-slate-700">{projection.explanation}</p>
      <p className="mt-1 text-xs text-slate-600">按页面所示数据口径（已审核或含未审核填报）下最新填报的全年预计值（无预计值时：进度正常按达成计，否则按最新实际值）和当前支出进度，用年终自评的同一评分规则计算。<Link href={href} className="ml-1 text-brand-700 underline">填写或查看绩效自评</Link></p>
    </section>
  );
}

/** The department's projected grades, and the projects heading for 中 or 差 with why. */
export function ProjectionSummary({ overview }: { overview: Overview }) {
  const weak = overview.projects.filter((p) => p.projection.grade === "中" || p.projection.grade === "差");
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="projection-heading">
      <h2 id="projection-heading" className="text-lg font-semibold">
        年度自评预测
        <span className="ml-2 text-sm font-normal text-slate-700">{(["优", "良", "中", "差"] as const).map((g) => `${g} ${overview.projectedGrades[g]} 个`).join(" · ")}</span>
        {overview.reviewed && (["优", "良", "中", "差"] as const).some((g) => overview.reviewed!.projectedGrades[g] !== overview.projectedGrades[g]) && (
          <DraftMark reviewed={(["优", "良", "中", "差"] as const).map((g) => `${g} ${overview.reviewed!.projectedGrades[g]}`).join("·")} />
        )}
      </h2>
      {weak.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">按目前进度，没有项目预计为“中”或“差”。</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {weak.map((p) => (
            <li key={p.id} className="py-2">
              <GradeBadge grade={p.projection.grade} /> <Link href={`/projects/${p.id}`} className="text-brand-700 underline">{p.name}</Link>
              <span className="ml-1 text-xs text-slate-600">{p.unitName}</span>
              {overview.reviewed && overview.reviewed.projects[p.id]?.total !== p.projection.total && <DraftMark reviewed={overview.reviewed.projects[p.id]?.total ?? null} />}
              <p className="mt-0.5 text-slate-700">{p.projection.explanation}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
