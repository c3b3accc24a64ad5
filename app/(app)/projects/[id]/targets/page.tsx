import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { IndicatorEditor } from "@/app/(app)/projects/[id]/targets/_components/indicator-editor";
import { requireActor } from "@/app/session";
import { db } from "@/lib/db/client";
import { getEditableIndicators } from "@/lib/targets/indicators";
import { projectPrevious } from "@/lib/targets/next-year";
import { YearNote } from "@/components/year-switcher";

export const metadata: Metadata = { title: "编辑绩效指标" };

export default async function EditTargetsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const { project, indicators } = await load(() => getEditableIndicators(db(), actor, id));
  const previous = await projectPrevious(db(), actor, project.id);
  return (
    <div className="space-y-4">
      <nav aria-label="位置" className="text-sm text-slate-500">
        <Link href="/projects" className="hover:underline">项目</Link>
        <span className="mx-2">/</span>
        <Link href={`/projects/${project.id}`} className="hover:underline">{project.name}</Link>
        <span className="mx-2">/</span>
        <span>编辑绩效指标</span>
      </nav>
      <h1 className="text-2xl font-bold">编辑绩效指标<span className="ml-2 text-base font-normal text-slate-600">{project.year} 年度</span></h1>
      <YearNote year={{ year: project.year, state: project.state, draftedFromYear: project.draftedFromYear }} />
      {previous && (
        <p id="previous-summary" className="text-sm text-slate-700">{previous.year} 年度该项目自评 {previous.total} 分、等级“{previous.grade}”（{previous.kind}），预算执行率 {previous.executionRate ?? "—"}%{previous.executionWarning ? `（${previous.executionWarning}）` : ""}。</p>
      )}
      {project.locked && (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-800">
          本年度目标已批复锁定：每项调整都须填写原因，并记入“目标调整记录”。
        </p>
      )}
      <IndicatorEditor projectId={project.id} locked={project.locked} indicators={indicators} previous={previous} readOnly={project.closed} />
    </div>
  );
}
