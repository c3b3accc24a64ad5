import { readYear } from "@/lib/fiscal-years";
import type { ReportTarget } from "./service";

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" && v !== "" ? v : undefined);

/** Which report a URL asks for: ?project=…, ?unit=…&year=…, else the department (?dept=…&year=…). */
export function reportTarget(params: Params): ReportTarget {
  const project = one(params.project);
  if (project) return { projectId: project };
  const unit = one(params.unit);
  if (unit) return { unitId: unit, year: readYear(params.year) };
  return { departmentId: one(params.dept), year: readYear(params.year) };
}

/** The query string of a report's preview and download links. */
export function reportQuery(target: ReportTarget): string {
  if ("projectId" in target) return `project=${target.projectId}`;
  const year = target.year ? `year=${target.year}` : "";
  if ("unitId" in target) return [`unit=${target.unitId}`, year].filter(Boolean).join("&");
  return [target.departmentId ? `dept=${target.departmentId}` : "", year].filter(Boolean).join("&");
}
