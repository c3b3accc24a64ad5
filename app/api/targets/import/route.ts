import { apiRoute, formFields, validate } from "@/app/api-route";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { commitImport, previewImport, resolveImportYear } from "@/lib/targets/department-import";
import { parseTargetsFile, parseTargetsText } from "@/lib/targets/import";
import { unreadableReason } from "@/lib/targets/import/guard";
import { readMapping, type TargetsMapping } from "@/lib/targets/import/mapping";
import { MAX_IMPORT_BYTES } from "@/lib/targets/import/shared";
import { rememberedMapping } from "@/lib/targets/import-mapping";
import { importFormSchema } from "@/lib/targets/import-request";
import { parseUnitProjectTotals } from "@/lib/targets/parse-unit-totals";

// Preview or commit an import of published targets (multipart: the form fields plus `file`, or
// `text` pasted, and `mapping` when the admin assigned the columns). Route Handler rather than a
// Server Action, so the size is checked before the body is read. A file no layout reads answers 422
// with the grid it holds (`mappable`), for the column-mapping screen.

export const POST = apiRoute(
  { heavy: true, may: "targets.import", maxBytes: MAX_IMPORT_BYTES, body: "form", fallback: "导入失败，请稍后重试。", fieldErrors: "fieldErrors" },
  async ({ actor, body: form, ip }) => {
    const fields = validate(importFormSchema, formFields(form));
    const { mode, departmentCode, departmentName, year: requested, layout, text, confirmDeletions } = fields;
    const mapping = mappingField(fields.mapping);
    if (typeof mapping === "string") throw new AppError("VALIDATION", mapping, { mapping });
    const file = form.get("file");
    const upload = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
    if (!upload && !text.trim()) throw new AppError("VALIDATION", "请选择文件或粘贴表格内容。", { file: "请选择文件或粘贴表格内容" });

    // The department's remembered mapping is tried only where no layout reads the file.
    const remembered = mapping ? null : await rememberedMapping(db(), actor, departmentCode);
    const options = { layout, mapping, remembered };
    const parse = upload ? await parseTargetsFile(upload, { ...options, fileName: (file as File).name }) : parseTargetsText(text, options);
    const unreadable = unreadableReason(parse);
    if (unreadable && parse.sample && parse.layout !== "table12") {
      return Response.json({ message: unreadable, mappable: { sample: parse.sample, suggested: parse.suggested, mapping: parse.mapping } }, { status: 422 });
    }
    // A whole disclosure also carries each unit's 项目支出 total (table 3): check table 12 against it.
    const sourceText = upload ? null : text;
    const totals = sourceText && /部门支出总体情况表/.test(sourceText) ? parseUnitProjectTotals(sourceText).totals : undefined;
    const { year, source } = await resolveImportYear(db(), departmentCode, parse.year, requested ?? null);
    const importRequest = {
      department: { code: departmentCode, name: departmentName }, year, yearSource: source, parse, unitProjectTotalsWan: totals,
      partial: parse.layout === "per-project", confirmDeletions, mapping: parse.mapping?.source === "given" ? parse.mapping.value : null,
    };
    const plan = mode === "commit" ? (await commitImport(db(), actor, importRequest, { ip })).plan : await previewImport(db(), actor, importRequest);
    const mappable = parse.layout === "per-project" && parse.sample ? { sample: parse.sample, suggested: parse.suggested, mapping: parse.mapping } : null;
    return Response.json({ plan, layout: parse.layout, format: parse.format, committed: mode === "commit", mapping: parse.mapping, mappable });
  },
);

/** The mapping field: none, a mapping, or why it is not one (in Chinese). */
function mappingField(json: string): TargetsMapping | undefined | string {
  if (json.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return "列的对应关系不是有效的 JSON，请重新指定。";
  }
  const read = readMapping(value);
  return "mapping" in read ? read.mapping : read.error;
}
