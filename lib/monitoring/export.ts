import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { monitoringReport } from "./report";
import { monitoringWorkbook, PROJECT_TITLE } from "./xlsx";

/**
 * The 绩效运行监控表 as a file: the department's workbook (汇总 and a sheet per project), or one
 * project's table. Audited as an export, with the date, the projects and how many indicators lacked
 * what the table asks for (listed on the page before export, report.ts rule 4).
 */
export async function exportMonitoring(db: Db, actor: Actor, options: { asOf?: string; departmentId?: string; projectId?: string }, context: { ip?: string | null } = {}): Promise<{ bytes: Uint8Array; fileName: string }> {
  const report = await monitoringReport(db, actor, options);
  if (report.projects.length === 0) throw new AppError("NOT_FOUND", "没有可导出的项目。");
  const single = options.projectId !== undefined;
  const bytes = await monitoringWorkbook(report, { summary: !single });
  const what = single ? report.projects[0]!.name : `${report.department.name}（${report.projects.length}个项目）`;
  const fileName = `${report.year}年${report.period.replace(/\s/g, "")}${PROJECT_TITLE}-${what}.xlsx`;
  await db.$transaction((tx) =>
    recordAudit(tx, {
      actor,
      ip: context.ip,
      action: "monitoring.export",
      objectType: single ? "Project" : "Department",
      objectId: single ? report.projects[0]!.id : report.department.id,
      after: { asOf: report.asOf, projects: report.projects.length, missing: report.missing.length, fileName },
      outcome: "SUCCESS",
    }),
  );
  return { bytes, fileName };
}
