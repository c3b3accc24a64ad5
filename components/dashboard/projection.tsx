import Link from "@/components/ui/link";
import type { Overview } from "@/lib/dashboard/overview";
import type { EvaluationFigure, FigureKind } from "@/lib/evaluation/figure";
import type { Grade } from "@/lib/evaluation/types";
import { DraftMark } from "./data-basis";
import { Card } from "@/components/ui/card";

const GRADE_TONE = { 优: "bg-green-100 text-green-900", 良: "bg-sky-100 text-sky-900", 中: "bg-amber-100 text-amber-900", 差: "bg-red-100 text-red-900" } as const;
const KIND_TONE: Record<FigureKind, string> = { 预测: "border-slate-300 text-slate-700", 草稿: "border-slate-400 text-slate-800", 已提交: "border-sky-400 text-sky-900", 已审核: "border-green-600 text-green-800" };
const KINDS: FigureKind[] = ["已审核", "已提交", "草稿", "预测"];

export function GradeBadge({ grade }: { grade: Grade }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${GRADE_TONE[grade]}`}>{grade}</span>;
}

/** Which kind of number a figure is (预测 / 草稿 / 已提交 / 已审核), and 需要复核 when the project changed since it was saved. */
export function FigureKindBadge({ figure }: { figure: EvaluationFigure }) {
  return (
    <>
      <span data-figure-kind={figure.kind} className={`rounded border px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${KIND_TONE[figure.kind]}`}>{figure.kind}</span>
      {figure.review.length > 0 && <span className="ml-1 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium whitespace-nowrap text-amber-900">需要复核</span>}
    </>
  );
}

/**
 * One project's year-end self-evaluation figure: total, grade, which kind it is, and why. `reviewed`
 * (with drafts) is the figure from reviewed check-ins only, shown when drafts moved it.
 */
export function EvaluationCard({ figure, reviewed = null, href }: { figure: EvaluationFigure; reviewed?: Pick<EvaluationFigure, "total" | "grade"> | null; href: string }) {
  return (
    <Card padding="lg" aria-labelledby="projection-heading">
      <h2 id="projection-heading" className="flex flex-wrap items-center gap-2 text-lg font-semibold">
        年度自评{figure.kind === "预测" ? "预测" : ""}
        <span id="figure-total" className="text-2xl tabular">{figure.total}</span> <GradeBadge grade={figure.grade} /> <FigureKindBadge figure={figure} />
        {reviewed && reviewed.total !== figure.total && <DraftMark reviewed={`${reviewed.total}（${reviewed.grade}）`} />}
      </h2>
      <p id="projection-explanation" className="mt-1 text-sm text-slate-700">{figure.explanation}</p>
      {figure.review.length > 0 && (
        <div className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          <p className="font-medium">需要复核：{figure.kind === "已审核" ? "审核通过后" : "保存后"}项目有以下变动，自评的分数未随之改变</p>
          <ul className="mt-1 list-disc pl-5">{figure.review.map((r) => <li key={r}>{r}</li>)}</ul>
        </div>
      )}
      <p className="mt-1 text-xs text-slate-600">
        {figure.kind === "预测" ? "按页面所示口径（已审核，或含未审核填报）的最新填报（年度结束后为全年实际）和支出进度，用年终自评的同一评分规则计算；执行落后于序时进度的项目，预算执行率按其实际进度预计。" : "显示自评保存时的分数；已审核的自评只有系统管理员重新打开并再次审核后才会改变。"}
        <Link href={href} className="ml-1 text-brand-700 underline">填写或查看绩效自评</Link>
      </p>
    </Card>
  );
}

/** The department's year-end grades (saved or projected, each said which), the projects heading for 中 or 差, and those to review. */
export function EvaluationSummary({ overview }: { overview: Overview }) {
  const weak = overview.projects.filter((p) => p.evaluation.grade === "中" || p.evaluation.grade === "差");
  const stale = overview.projects.filter((p) => p.evaluation.review.length > 0);
  const kinds = KINDS.map((k) => [k, overview.projects.filter((p) => p.evaluation.kind === k).length] as const).filter(([, n]) => n > 0);
  return (
    <Card aria-labelledby="projection-heading">
      <h2 id="projection-heading" className="text-lg font-semibold">
        年度自评
        <span className="ml-2 text-sm font-normal text-slate-700">{(["优", "良", "中", "差"] as const).map((g) => `${g} ${overview.projectedGrades[g]} 个`).join(" · ")}</span>
        {overview.reviewed && (["优", "良", "中", "差"] as const).some((g) => overview.reviewed!.projectedGrades[g] !== overview.projectedGrades[g]) && (
          <DraftMark reviewed={(["优", "良", "中", "差"] as const).map((g) => `${g} ${overview.reviewed!.projectedGrades[g]}`).join("·")} />
        )}
      </h2>
      <p id="evaluation-kinds" className="mt-0.5 text-xs text-slate-600">其中 {kinds.map(([k, n]) => `${k} ${n} 个`).join("、")}；“预测”为尚未填写自评的项目按目前进度的预测。</p>
      {stale.length > 0 && (
        <p id="evaluation-stale" className="mt-2 rounded bg-amber-50 px-2 py-1 text-sm text-amber-900">
          需要复核：{stale.map((p, n) => <span key={p.id}>{n > 0 && "、"}<Link href={`/projects/${p.id}/evaluation`} className="underline">{p.name}</Link>（{p.evaluation.kind}）</span>)}——自评保存后项目的目标或支出有变动。
        </p>
      )}
      {weak.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">没有项目的自评为（或预计为）“中”或“差”。</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {weak.map((p) => (
            <li key={p.id} className="py-2">
              <GradeBadge grade={p.evaluation.grade} /> <FigureKindBadge figure={p.evaluation} /> <Link href={`/projects/${p.id}`} className="text-brand-700 underline">{p.name}</Link>
              <span className="ml-1 text-xs text-slate-600">{p.unitName}</span>
              {overview.reviewed && overview.reviewed.projects[p.id]?.total !== p.evaluation.total && <DraftMark reviewed={overview.reviewed.projects[p.id]?.total ?? null} />}
              <p className="mt-0.5 text-slate-700">{p.evaluation.explanation}</p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
