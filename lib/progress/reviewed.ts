// What leadership sees is what was reviewed. The rule, for every reader that shows progress to
// someone other than its author — the dashboard facts (overview, unit page, /projects and
// /indicators lists), the project page, an indicator's page, the in-year projection and the read API:
//  1. A check-in is *reviewed* when its month was approved. At approval every check-in of the month
//     is copied to ReviewedCheckIn (snapshotApproval): that copy is what the reviewer signed. Only the
//     month's next approval replaces it — reopening the month, editing or clearing a value after the
//     reopen leave the signed copy in place until the month is approved again.
//  2. By default a reader takes, for each indicator, the latest reviewed check-in dated on or before
//     its as-of date, and says so: "截至 10 月已审核数据" names each unit's latest approved month.
//  3. With "含未审核填报" (the URL's ?drafts=1, so a link says which figures it shows) it takes the
//     latest check-in as recorded, whatever its month's state. One from a month that is not approved
//     is a draft (草稿 / 已提交待审核 / 已退回) and is marked as such, and every figure that differs
//     from its reviewed value is marked with the reviewed value beside it.
//  4. Defaults: leaders and admins read reviewed data; reporters and reviewers — who write and check
//     the drafts — read with drafts, marked. ?drafts=0 or ?drafts=1 overrides either default.
//  5. Reporting completeness (已填 14/48) is about the reporting itself: it counts the month's
//     check-ins with an actual, reviewed or not.

import { readRows, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { ReviewStatus } from "@/lib/db/generated/enums";
import type { Actor } from "@/lib/auth/roles";
import { readScope } from "@/lib/auth/policy";
import type { StatusCheckIn } from "./status";
import { statusCheckInFromRow } from "./status-input";

export const DRAFTS_PARAM = "drafts";

/** ?drafts=1 → true, ?drafts=0 → false, anything else → the role's default (rule 4). */
export function includeDrafts(actor: Pick<Actor, "role">, param?: string | string[] | null): boolean {
  if (param === "1") return true;
  if (param === "0") return false;
  return readScope(actor) === "unit";
}

/** A check-in as a reader shows it, from either source, with where it stands. */
export interface ShownCheckIn extends StatusCheckIn {
  indicatorId: string;
  actualValue: string | null;
  actualText: string | null;
  forecastValue: string | null;
  forecastText: string | null;
  /** The recorded check-in it is (or copies); null for a signed copy whose check-in was cleared since. */
  checkInId: string | null;
  deviationCause: string | null;
  correctiveAction: string | null;
  note: string | null;
  by: string;
  updatedAt: Date;
  /** Its month is not approved (rule 3): shown only with drafts, always marked. */
  draft: boolean;
  /** The state of its month; null for a check-in outside the monthly workflow. */
  reportStatus: ReviewStatus | null;
}

type Row = {
  indicatorId: string;
  checkInId: string | null;
  asOfDate: string;
  actualValue: string | null;
  actualText: string | null;
  forecastValue: string | null;
  forecastText: string | null;
  likelihood: StatusCheckIn["likelihood"];
  deviationCause: string | null;
  correctiveAction: string | null;
  note: string | null;
  updatedAt: Date;
  by: string;
  reportStatus: ReviewStatus | null;
};

// numeric::text keeps the column's 8 decimals ("5.00000000"): statusCheckInFromRow shows it as entered, "5".
// Every field written out, not spread: V8 copies an object spread and then extended ({ ...a, b })
// through its slow path, ~1 µs each, and an overview reads a check-in per indicator.
function shown(r: Row, reviewed: boolean): ShownCheckIn {
  const c = statusCheckInFromRow(r);
  return {
    asOfDate: c.asOfDate,
    actualValue: c.actualValue,
    actualText: c.actualText,
    forecastValue: c.forecastValue,
    forecastText: c.forecastText,
    likelihood: c.likelihood,
    indicatorId: r.indicatorId,
    checkInId: r.checkInId,
    deviationCause: r.deviationCause,
    correctiveAction: r.correctiveAction,
    note: r.note,
    by: r.by,
    updatedAt: r.updatedAt,
    draft: !reviewed && r.reportStatus !== "APPROVED",
    reportStatus: reviewed ? "APPROVED" : r.reportStatus,
  };
}

/**
 * The latest check-in on or before `asOf` of every indicator that `indicators` selects (a fragment
 * `FROM "Indicator" i …` ends with: a JOIN and WHERE on `i`), reviewed (rule 2) or as recorded
 * (rule 3): one statement, one index probe per indicator (LATERAL … LIMIT 1).
 */
export async function latestCheckIns(db: Db, indicators: Prisma.Sql, asOf: string, drafts: boolean): Promise<Map<string, ShownCheckIn>> {
  const rows = drafts
    ? await readRows<Row>(db, Prisma.sql`
      SELECT l."indicatorId", l."id" AS "checkInId", l."asOfDate"::text AS "asOfDate", l."actualValue"::text AS "actualValue", l."actualText",
             l."forecastValue"::text AS "forecastValue", l."forecastText", l."likelihood"::text AS "likelihood",
             l."deviationCause"::text AS "deviationCause", l."correctiveAction", l."note", l."updatedAt", u."displayName" AS "by", r."status"::text AS "reportStatus"
      FROM "Indicator" i
      CROSS JOIN LATERAL (
        SELECT c.* FROM "CheckIn" c WHERE c."indicatorId" = i."id" AND c."asOfDate" <= ${asOf}::date
        ORDER BY c."asOfDate" DESC, c."updatedAt" DESC LIMIT 1) l
      JOIN "User" u ON u."id" = l."createdById"
      LEFT JOIN "MonthlyReport" r ON r."id" = l."reportId"
      ${indicators}`)
    : await readRows<Row>(db, Prisma.sql`
      SELECT l."indicatorId", l."checkInId", l."asOfDate"::text AS "asOfDate", l."actualValue"::text AS "actualValue", l."actualText",
             l."forecastValue"::text AS "forecastValue", l."forecastText", l."likelihood"::text AS "likelihood",
             l."deviationCause"::text AS "deviationCause", l."correctiveAction", l."note", l."recordedAt" AS "updatedAt", u."displayName" AS "by", NULL AS "reportStatus"
      FROM "Indicator" i
      CROSS JOIN LATERAL (
        SELECT s.* FROM "ReviewedCheckIn" s WHERE s."indicatorId" = i."id" AND s."asOfDate" <= ${asOf}::date
        ORDER BY s."asOfDate" DESC, s."recordedAt" DESC LIMIT 1) l
      JOIN "User" u ON u."id" = l."createdById"
      ${indicators}`);
  return new Map(rows.map((r) => [r.indicatorId, shown(r, !drafts)]));
}

/**
 * Every check-in of these indicators on or before `asOf`, newest first, reviewed or as recorded (rules
 * 2–3). The author's name is looked up per row by its key: joined, PostgreSQL hashes every account
 * of the deployment to name a project's hundred check-ins (a province has thousands).
 */
export async function checkInsOf(db: Db, indicatorIds: string[], asOf: string, drafts: boolean): Promise<(ShownCheckIn & { evidence: number })[]> {
  const rows = drafts
    ? await readRows<Row & { evidence: number }>(db, Prisma.sql`
      SELECT c."indicatorId", c."id" AS "checkInId", c."asOfDate"::text AS "asOfDate", c."actualValue"::text AS "actualValue", c."actualText",
             c."forecastValue"::text AS "forecastValue", c."forecastText", c."likelihood"::text AS "likelihood",
             c."deviationCause"::text AS "deviationCause", c."correctiveAction", c."note", c."updatedAt", (SELECT u."displayName" FROM "User" u WHERE u."id" = c."createdById") AS "by", r."status"::text AS "reportStatus",
             (SELECT COUNT(*)::int FROM "Evidence" e WHERE e."checkInId" = c."id") AS "evidence"
      FROM "CheckIn" c LEFT JOIN "MonthlyReport" r ON r."id" = c."reportId"
      WHERE c."indicatorId" = ANY(${indicatorIds}::uuid[]) AND c."asOfDate" <= ${asOf}::date
      ORDER BY c."asOfDate" DESC, c."updatedAt" DESC`)
    : await readRows<Row & { evidence: number }>(db, Prisma.sql`
      SELECT s."indicatorId", s."checkInId", s."asOfDate"::text AS "asOfDate", s."actualValue"::text AS "actualValue", s."actualText",
             s."forecastValue"::text AS "forecastValue", s."forecastText", s."likelihood"::text AS "likelihood",
             s."deviationCause"::text AS "deviationCause", s."correctiveAction", s."note", s."recordedAt" AS "updatedAt", (SELECT u."displayName" FROM "User" u WHERE u."id" = s."createdById") AS "by", NULL AS "reportStatus",
             (SELECT COUNT(*)::int FROM "Evidence" e WHERE e."checkInId" = s."checkInId") AS "evidence"
      FROM "ReviewedCheckIn" s
      WHERE s."indicatorId" = ANY(${indicatorIds}::uuid[]) AND s."asOfDate" <= ${asOf}::date
      ORDER BY s."asOfDate" DESC, s."recordedAt" DESC`);
  return rows.map((r) => Object.assign(shown(r, !drafts), { evidence: r.evidence }));
}

/** The latest of each indicator from a newest-first list. */
export function latestOfEach<T extends { indicatorId: string }>(newestFirst: T[]): Map<string, T> {
  const latest = new Map<string, T>();
  for (const c of newestFirst) if (!latest.has(c.indicatorId)) latest.set(c.indicatorId, c);
  return latest;
}

type Tx = Pick<Db, "$executeRaw">;

/**
 * Rule 1: the signed copy of these approved months, replacing any earlier copy of the same months.
 * Called inside the approving transaction (and by bulk loaders that write approved months directly).
 */
export async function snapshotApproval(tx: Tx, reportIds: string[]): Promise<void> {
  if (reportIds.length === 0) return;
  await tx.$executeRaw`DELETE FROM "ReviewedCheckIn" WHERE "reportId" = ANY(${reportIds}::uuid[])`;
  await tx.$executeRaw`
    INSERT INTO "ReviewedCheckIn" ("id", "checkInId", "indicatorId", "reportId", "asOfDate", "actualValue", "actualText", "forecastValue", "forecastText",
                                   "likelihood", "deviationCause", "correctiveAction", "note", "createdById", "recordedAt")
    SELECT gen_random_uuid(), c."id", c."indicatorId", c."reportId", c."asOfDate", c."actualValue", c."actualText", c."forecastValue", c."forecastText",
           c."likelihood", c."deviationCause", c."correctiveAction", c."note", c."createdById", c."updatedAt"
    FROM "CheckIn" c JOIN "MonthlyReport" r ON r."id" = c."reportId"
    WHERE c."reportId" = ANY(${reportIds}::uuid[]) AND r."status" = 'APPROVED'`;
}

/** Each unit's latest month with reviewed data on or before `month` (rule 2's label), from the units' reports. */
export interface ReviewedThrough { unitId: string; unitName: string; month: number | null }

/** "截至 10 月已审核数据", "已审核数据：甲 截至 10 月，乙 截至 9 月", or the drafts' label (rules 2–3). */
export function basisLabel(drafts: boolean, through: ReviewedThrough[]): string {
  if (drafts) return "已计入未审核的填报（虚线标出）";
  const months = [...new Set(through.map((t) => t.month))];
  if (months.length === 1) return months[0] === null ? "已审核数据（尚无审核通过的月度填报）" : `截至 ${months[0]} 月已审核数据`;
  return `已审核数据：${through.map((t) => `${t.unitName}${t.month === null ? "尚无" : `截至 ${t.month} 月`}`).join("，")}`;
}

/** The same page with the switch set (rule 3): every other parameter of the URL kept. */
export function draftsHref(path: string, params: Record<string, string | string[] | undefined>, drafts: boolean): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (typeof value === "string" && key !== DRAFTS_PARAM) query.set(key, value);
  query.set(DRAFTS_PARAM, drafts ? "1" : "0");
  return `${path}?${query.toString()}`;
}
