// What an import may propose, and what it may not do without being told twice:
//  1. A file that could not be read — unreadable bytes, no header, a missing column (columns.ts), two
//     years (year.ts), not one project read — proposes nothing at all: no plan, only the reason. A plan
//     built from nothing would delete every project the file "does not mention".
//  2. A plan that deletes projects or indicators names them and needs an explicit confirmation whose
//     words carry the counts ("确认删除 21 个指标"); the commit is refused unless it brings exactly those
//     words, so a plan that grew between preview and commit is never applied unseen.
//  3. What already has a history is never deleted by an import: an indicator with check-ins or a line
//     in a self-evaluation, a project with check-ins, spending, adjustments or a self-evaluation. The
//     plan lists each one as an error; keep it in the table (or change it in the project page).

import type { ParseResult, Problem } from "@/lib/targets/types";

const where = (p: Problem) => (p.location === "全文" ? p.message : `${p.location}：${p.message}`);

/** Why nothing may be proposed from this parse (rule 1), or null when a plan may be built. */
export function unreadableReason(parse: ParseResult): string | null {
  const fatal = parse.problems.filter((p) => p.fatal);
  if (fatal.length > 0) return `无法读取该文件，未生成导入计划。${fatal.map(where).join("；")}`;
  if (parse.projects.length > 0) return null;
  const errors = parse.problems.filter((p) => p.severity === "error");
  return `没有从文件中读出任何项目，未生成导入计划${errors.length > 0 ? `。${errors.slice(0, 5).map(where).join("；")}${errors.length > 5 ? ` 等 ${errors.length} 个问题` : ""}` : "。"}`;
}

/** The words that confirm a plan's deletions (rule 2), or null when it deletes nothing. */
export function deletionConfirmation(projects: number, indicators: number): string | null {
  if (projects === 0 && indicators === 0) return null;
  const parts = [...(projects > 0 ? [`${projects} 个项目`] : []), ...(indicators > 0 ? [`${indicators} 个指标`] : [])];
  return `确认删除 ${parts.join("、")}`;
}

/** Null when the commit may go ahead, else why not (rule 2). */
export function unconfirmedDeletions(expected: string | null, given: string | null | undefined): string | null {
  if (expected === null || given === expected) return null;
  return `该导入将删除 ${expected.replace(/^确认删除 /, "")}，须在预览中核对名单并勾选“${expected}”后再导入；本次未写入任何内容。`;
}
