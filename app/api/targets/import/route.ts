import { NextResponse, type NextRequest } from "next/server";
import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { auditForbidden, denied, errorResponse, heavyLimit } from "@/lib/http/responses";
import { clientIp, isSameOrigin } from "@/lib/http/same-origin";
import { commitImport, previewImport, resolveImportYear } from "@/lib/targets/department-import";
import { parseTargetsFile, parseTargetsText } from "@/lib/targets/import";
import { MAX_IMPORT_BYTES } from "@/lib/targets/import/shared";
import { importFormSchema } from "@/lib/targets/import-request";
import { parseUnitProjectTotals } from "@/lib/targets/parse-unit-totals";

// Preview or commit an import of published targets (multipart: the form fields plus `file`, or
// `text` pasted). Route Handler rather than a Server Action, so the size is checked before the body
// is read.

const fail = (status: number, message: string, fieldErrors?: Record<string, string>) => NextResponse.json({ message, fieldErrors }, { status });

export async function POST(request: NextRequest) {
  if (!isSameOrigin(request.headers)) return fail(403, "拒绝跨站请求。");
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const limited = await heavyLimit(actor, request);
  if (limited) return limited;
  if (actor.role !== "ADMIN") return denied(actor, request, "只有系统管理员可以导入绩效目标。");
  const length = Number(request.headers.get("content-length") ?? "");
  if (!length) return fail(411, "请求缺少长度信息，请用页面上的表单上传。");
  const limitMb = MAX_IMPORT_BYTES / 1024 / 1024;
  if (length > MAX_IMPORT_BYTES + 64 * 1024) return fail(413, `文件过大：上限 ${limitMb} MB，本次约 ${(length / 1024 / 1024).toFixed(1)} MB。`);

  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return fail(400, "无法读取上传的内容，请重新选择文件。");
  }
  const fields = importFormSchema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")));
  if (!fields.success) {
    const fieldErrors = Object.fromEntries(fields.error.issues.map((i) => [String(i.path[0]), i.message]));
    return fail(422, "输入有误，请按提示修改。", fieldErrors);
  }
  const { mode, departmentCode, departmentName, year: requested, layout, text, confirmDeletions } = fields.data;
  const file = form.get("file");
  const upload = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
  if (!upload && !text.trim()) return fail(422, "请选择文件或粘贴表格内容。", { file: "请选择文件或粘贴表格内容" });

  const parse = upload ? await parseTargetsFile(upload, { layout, fileName: (file as File).name }) : parseTargetsText(text, { layout });
  // A whole disclosure also carries each unit's 项目支出 total (table 3): check table 12 against it.
  const sourceText = upload ? null : text;
  const totals = sourceText && /部门支出总体情况表/.test(sourceText) ? parseUnitProjectTotals(sourceText).totals : undefined;
  try {
    const { year, source } = await resolveImportYear(db(), departmentCode, parse.year, requested ?? null);
    const importRequest = { department: { code: departmentCode, name: departmentName }, year, yearSource: source, parse, unitProjectTotalsWan: totals, partial: parse.layout === "per-project", confirmDeletions };
    const context = { ip: clientIp(request.headers) };
    const plan = mode === "commit" ? (await commitImport(db(), actor, importRequest, context)).plan : await previewImport(db(), actor, importRequest);
    return NextResponse.json({ plan, layout: parse.layout, format: parse.format, committed: mode === "commit" });
  } catch (error) {
    await auditForbidden(error, actor, request);
    return errorResponse(error, "targets import", { fallback: "导入失败，请稍后重试。", fieldErrors: true });
  }
}
