import { z } from "zod";
import { apiRoute } from "@/app/api-route";
import { db } from "@/lib/db/client";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { checkInRows, readMonth } from "@/lib/progress/month-view";

// The JSON API of a unit's month, for clients that read, change and write back.
//
// GET ?year=2025&month=11[&unitId=…][&drafts=0|1] — { year, month, unitId, status, rows: [...] }: one
// row per indicator of the reporter's (or reviewer's) unit, filled or not; a leader names a unit of
// the department with unitId and reads what was reviewed unless drafts=1 (lib/progress/reviewed.ts).
// Each row: { indicatorId, actual, forecast, likelihood, deviationCause, correctiveAction, note,
// version, projectName, name, target, hint, status, updatedAt } — unfilled fields are null.
//
// POST JSON { year, month, rows: [{ indicatorId, actual?, forecast?, likelihood?, deviationCause?,
// correctiveAction?, note?, version? }] } — a month's check-ins for the reporter's unit, all or
// nothing, by the same rules as the progress grid (lib/progress/check-ins.ts). In a row, a value
// sets the field, an explicit null (or "") clears it, and an absent key leaves it as saved; a
// check-in left with nothing in it is removed. `version` is the one GET answered (required to change
// a saved check-in). Answers 200 { saved, cleared }, 422 { message, errors } (by indicator id and
// field), 409 { message, conflicts } (edited meanwhile).

const FORMAT = "请求格式有误：应为 { year: 年度, month: 月份, rows: [填报行……] }。";
const integer = z.number().refine(Number.isInteger);
const month = z.object({ year: integer, month: integer, rows: z.array(z.unknown()) });
/** The body's shape, refused as a whole with one message; the rows themselves are lib/'s to check. */
const saveRequest = z.unknown().transform((body, ctx) => {
  const parsed = month.safeParse(body);
  if (!parsed.success) ctx.addIssue({ code: "custom", message: FORMAT });
  else if (parsed.data.rows.length === 0) ctx.addIssue({ code: "custom", message: "没有要保存的填报。" });
  return parsed.data ?? z.NEVER;
});

export const GET = apiRoute({}, async ({ actor, search }) => {
  const view = await readMonth(db(), actor, { year: Number(search.get("year")), month: Number(search.get("month")), unitId: search.get("unitId"), drafts: search.get("drafts") });
  return Response.json(checkInRows(view), { headers: { "Cache-Control": "private, no-store" } });
});

export const POST = apiRoute(
  { maxBytes: 1024 * 1024, tooLarge: "请求过大：一次最多提交 1 MB 的填报内容。", body: saveRequest, fieldErrors: "errors" },
  async ({ actor, body, ip }) => {
    const result = await saveCheckIns(db(), actor, body, { ip });
    if (Object.keys(result.errors).length > 0) return Response.json({ message: "部分填报有误，未保存任何内容，请按提示修改。", errors: result.errors }, { status: 422 });
    if (result.conflicts.length > 0) return Response.json({ message: "部分指标已被他人修改，未保存任何内容，请刷新后再保存。", conflicts: result.conflicts }, { status: 409 });
    return Response.json({ saved: result.saved, cleared: result.cleared });
  },
);
