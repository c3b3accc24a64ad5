import type { Metadata } from "next";
import { ImportTargetsForm } from "@/components/import-targets-form";
import { requirePage } from "@/app/session";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "导入绩效目标" };

export default async function ImportPage() {
  await requirePage("open:/admin/import");
  const rows = await db().department.findMany({ orderBy: { code: "asc" }, select: { code: true, name: true, fiscalYears: { orderBy: { year: "desc" }, take: 1, select: { year: true } } } });
  const departments = rows.map((d) => ({ code: d.code, name: d.name, currentYear: d.fiscalYears[0]?.year ?? null }));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">导入绩效目标</h1>
        <p className="mt-1 text-sm text-slate-600">
          上传部门预算公开的“项目绩效目标公开表”（表12）或逐项目的“项目支出绩效目标表”，支持 .xlsx、.csv 和复制粘贴的文字。
          先预览：看清将新增、修改、删除的内容和自动审核发现的问题，再确认导入。
        </p>
      </div>
      <ImportTargetsForm departments={departments} />
    </div>
  );
}
