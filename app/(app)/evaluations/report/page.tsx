import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { ReportPreview } from "@/components/evaluation-report";
import { PrintButton } from "@/components/print-button";
import { requireActor } from "@/app/session";
import { todayInChina } from "@/lib/calendar";
import { db } from "@/lib/db/client";
import { evaluationReport } from "@/lib/evaluation/report/service";
import { reportQuery, reportTarget } from "@/lib/evaluation/report/target";

export const metadata: Metadata = { title: "自评报告" };

const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50";

/** The 项目支出绩效自评报告 of a project (?project=), a unit (?unit=) or the department, as it will print, with its downloads. */
export default async function ReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const target = reportTarget(params);
  const actor = await requireActor();
  const internal = await load(() => evaluationReport(db(), actor, target, { public: false }));
  // The public version exists once every project in it is approved (a draft shows the internal one).
  const model = params.public === "1" && !internal.draft ? await load(() => evaluationReport(db(), actor, target, { public: true })) : internal;
  const query = reportQuery("projectId" in target ? target : { ...target, year: model.year });
  const back = "projectId" in target ? `/projects/${target.projectId}/evaluation` : `/evaluations?year=${model.year}`;
  return (
    <div className="space-y-4">
      <nav aria-label="位置" className="no-print text-sm text-slate-600">
        <Link href={back} className="hover:underline">{"projectId" in target ? "绩效自评" : `${model.year} 年度绩效自评`}</Link>
        <span className="mx-2">/</span>
        <span>自评报告</span>
      </nav>
      <header className="no-print flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">自评报告{model.public ? "（公开版）" : ""}</h1>
          <p id="report-status" className="mt-1 text-sm text-slate-700">
            {model.projects.length} 个项目 · 已审核通过 {model.summary.approved} 个{model.draft ? " · 草稿：全部审核通过后才能生成公开版" : ""}
          </p>
        </div>
        <div className="flex flex-wrap gap-2 text-sm">
          <a href={`/api/evaluation/report?${query}`} className={button}>下载 Word（内部版）</a>
          {internal.draft ? (
            <span className="rounded-md border border-dashed border-slate-300 px-3 py-1.5 text-slate-600" title="公开版只在全部项目的自评审核通过后生成">公开版（审核通过后可下载）</span>
          ) : (
            <>
              <a href={`/api/evaluation/report?${query}&public=1`} className={button}>下载 Word（公开版）</a>
              {!model.public && <Link href={`/evaluations/report?${query}&public=1`} className={button}>预览公开版</Link>}
            </>
          )}
          <PrintButton />
        </div>
      </header>
      <ReportPreview model={model} today={todayInChina()} />
    </div>
  );
}
