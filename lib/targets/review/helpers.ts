// Building blocks shared by the rules: finding constructors and the wording that tells a reviewer
// exactly which project and indicator a message is about.

import { CATEGORY_LABELS } from "@/lib/targets/categories";
import type { Category } from "@/lib/targets/types";
import type { Finding, ReviewIndicator, ReviewProject, Rule, Severity } from "./types";

const SYMBOL: Readonly<Record<string, string>> = { ">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<" };

/** The target as the published table writes it: `≥50箱`, `≤2.1587万元`, `良好`. */
export function targetText(indicator: ReviewIndicator): string {
  if (indicator.comparator === "qualitative") return indicator.value;
  return `${SYMBOL[indicator.comparator] ?? ""}${indicator.value}${indicator.unit}`;
}

export function projectLabel(project: ReviewProject): string {
  return `项目“${project.name}”`;
}

/** `数量指标“碎纸机”（=4台）` */
export function indicatorLabel(indicator: ReviewIndicator): string {
  return `${categoryLabel(indicator.category)}“${indicator.name}”（${targetText(indicator)}）`;
}

export function categoryLabel(category: Category): string {
  return CATEGORY_LABELS[category];
}

export function projectFinding(
  rule: Pick<Rule, "id" | "severity">,
  project: ReviewProject,
  projectIndex: number,
  message: string,
  severity: Severity = rule.severity,
): Finding {
  const finding: Finding = { ruleId: rule.id, severity, projectIndex, message };
  if (project.id !== undefined) finding.projectId = project.id;
  return finding;
}

export function indicatorFinding(
  rule: Pick<Rule, "id" | "severity">,
  project: ReviewProject,
  projectIndex: number,
  indicatorIndex: number,
  message: string,
  severity: Severity = rule.severity,
): Finding {
  const finding = projectFinding(rule, project, projectIndex, message, severity);
  finding.indicatorIndex = indicatorIndex;
  const id = project.indicators[indicatorIndex]?.id;
  if (id !== undefined) finding.indicatorId = id;
  return finding;
}

/** NFKC + no whitespace, so `（` and `(`, full-width digits and stray spaces compare equal. */
export function compact(text: string): string {
  return String(text ?? "").normalize("NFKC").replace(/\s+/g, "");
}
