import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorizedUnit } from "@/lib/auth/policy";
import { auditRefusal } from "@/lib/audit/denied";
import { recordAudit } from "@/lib/audit/record";
import type { AuditAction } from "@/lib/audit/catalogue";
import { assertEditable } from "./check-ins";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { projectScope } from "@/lib/projects/queries";
import { isUuid } from "@/lib/ids";

// Evidence files (佐证材料) backing a check-in's actual value (docs/domain.md). A unit's reporters attach
// them while the month's report is editable (draft or returned); whoever may read the project may
// download them, and every download is audited. The type is decided by the bytes, never by the name
// a browser sends: a renamed executable or an HTML page must not end up served from our origin.
// Files live on disk (a shared volume when several app instances run, docs/architecture.md "Scaling
// out") under <year>/<uuid>: no part of a stored path comes from the user.

export const MAX_EVIDENCE_PER_CHECK_IN = 20;
const MAX_FILE_NAME_CHARS = 200;

export const UNSUPPORTED_TYPE_MESSAGE = "不支持的文件类型：只接受 PDF、图片（PNG/JPEG/GIF/WebP）、Word/Excel/PowerPoint（.docx/.xlsx/.pptx）和 OFD";

export interface SniffedType {
  mime: string;
  ext: string;
}

const TYPES = {
  pdf: { mime: "application/pdf", ext: "pdf" },
  png: { mime: "image/png", ext: "png" },
  jpg: { mime: "image/jpeg", ext: "jpg" },
  gif: { mime: "image/gif", ext: "gif" },
  webp: { mime: "image/webp", ext: "webp" },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ext: "docx" },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext: "xlsx" },
  pptx: { mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", ext: "pptx" },
  // GB/T 33190-2016 版式文档; the registered-in-practice type used by 数科/福昕 OFD readers.
  ofd: { mime: "application/ofd", ext: "ofd" },
} as const satisfies Record<string, SniffedType>;

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

function hasBytes(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  if (bytes.length < at + signature.length) return false;
  return signature.every((b, i) => bytes[at + i] === b);
}

/**
 * Entry names of a ZIP, read from its central directory, or null when the bytes are not one
 * well-formed single-part ZIP. We never unzip: the names are enough to tell the formats apart, and
 * reading only the directory keeps a zip bomb harmless. The end-of-central-directory record must end
 * the file exactly (its comment included), so nothing is smuggled after the archive.
 */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  if (!hasBytes(bytes, [0x50, 0x4b, 0x03, 0x04])) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder("utf-8");
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let eocd = bytes.length - 22; eocd >= lowest; eocd--) {
    if (view.getUint32(eocd, true) !== 0x06054b50) continue;
    if (eocd + 22 + view.getUint16(eocd + 20, true) !== bytes.length) continue;
    const diskNumber = view.getUint16(eocd + 4, true);
    const directoryDisk = view.getUint16(eocd + 6, true);
    const entries = view.getUint16(eocd + 10, true);
    const directorySize = view.getUint32(eocd + 12, true);
    const directoryOffset = view.getUint32(eocd + 16, true);
    // Multi-part and ZIP64 archives (0xFFFF/0xFFFFFFFF markers) fail these bounds: no Office or OFD
    // file under our size limit needs either.
    if (diskNumber !== 0 || directoryDisk !== 0 || directoryOffset + directorySize > eocd) return null;
    const end = directoryOffset + directorySize;
    const names: string[] = [];
    let at = directoryOffset;
    for (let n = 0; n < entries; n++) {
      if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) return null;
      const nameLength = view.getUint16(at + 28, true);
      const extraLength = view.getUint16(at + 30, true);
      const commentLength = view.getUint16(at + 32, true);
      const localHeader = view.getUint32(at + 42, true);
      if (localHeader + 30 > directoryOffset || view.getUint32(localHeader, true) !== 0x04034b50) return null;
      if (at + 46 + nameLength > end) return null;
      names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
      at += 46 + nameLength + extraLength + commentLength;
    }
    return at === end ? names : null;
  }
  return null;
}

function sniffZip(bytes: Uint8Array): SniffedType | null {
  const names = zipEntryNames(bytes);
  if (!names) return null;
  // Macro-enabled documents (.docm/.xlsm/.pptm) carry their VBA in vbaProject.bin: refused, they run code.
  if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) return null;
  if (names.includes("[Content_Types].xml")) {
    const kinds = ([["word/", TYPES.docx], ["xl/", TYPES.xlsx], ["ppt/", TYPES.pptx]] as const).filter(([prefix]) => names.some((n) => n.startsWith(prefix)));
    return kinds.length === 1 ? kinds[0]![1] : null;
  }
  return names.includes("OFD.xml") ? TYPES.ofd : null;
}

/**
 * The type of an evidence file from its content (magic bytes), or null when refused. Accepted: PDF,
 * PNG, JPEG, GIF, WebP, .docx/.xlsx/.pptx (Office Open XML without macros) and OFD. Everything else
 * is refused: executables, HTML and SVG (script in our origin), plain text, old .doc/.xls (OLE2
 * containers, the classic macro carrier), archives of anything else.
 */
export function sniffEvidence(bytes: Uint8Array): SniffedType | null {
  if (hasBytes(bytes, ascii("%PDF-"))) return TYPES.pdf;
  if (hasBytes(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && hasBytes(bytes, ascii("IHDR"), 12)) return TYPES.png;
  if (hasBytes(bytes, [0xff, 0xd8, 0xff]) && bytes.length > 4) return TYPES.jpg;
  if (hasBytes(bytes, ascii("GIF87a")) || hasBytes(bytes, ascii("GIF89a"))) return TYPES.gif;
  if (hasBytes(bytes, ascii("RIFF")) && hasBytes(bytes, ascii("WEBP"), 8) && ["VP8 ", "VP8L", "VP8X"].some((chunk) => hasBytes(bytes, ascii(chunk), 12))) return TYPES.webp;
  return sniffZip(bytes);
}

/**
 * The name shown and offered on download: the last path segment only, without control or
 * bidirectional-override characters (U+202E makes "exe.pdf" read as "fdp.exe"), Windows-reserved
 * characters replaced, at most 200 characters, and ending in the extension of the sniffed type, so
 * the name can never promise a different kind of file than the bytes are.
 */
export function sanitizeFileName(raw: string, ext: string): string {
  const base = raw.normalize("NFC").split(/[/\\]/).pop() ?? "";
  const name = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/[<>:"|?*]/g, "_")
    .trim()
    .replace(/^\.+/, "")
    .trim();
  const current = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  const matches = current === ext || (ext === "jpg" && current === "jpeg");
  const suffix = matches ? `.${current}` : `.${ext}`;
  let stem = matches ? name.slice(0, -suffix.length) : name;
  if (!stem) stem = "佐证材料";
  const room = MAX_FILE_NAME_CHARS - Array.from(suffix).length;
  return Array.from(stem).slice(0, room).join("").trimEnd() + (matches ? name.slice(-suffix.length) : suffix);
}

export interface EvidenceMeta {
  id: string;
  projectId: string;
  checkInId: string | null;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  uploadedById: string;
  uploadedBy: string | null;
  createdAt: string;
}

export interface EvidenceContext {
  ip?: string | null;
  now?: Date;
  /** Storage directory; default EVIDENCE_DIR, else <JIXIAO_DATA_DIR>/evidence. */
  dir?: string;
  /** Size limit in MB; default EVIDENCE_MAX_MB. */
  maxMb?: number;
}

/** Thrown when a stored file is missing or no longer matches its recorded sha256 (an internal error). */
export class EvidenceFileError extends Error {
  override name = "EvidenceFileError";
}

export function evidenceDir(context: Pick<EvidenceContext, "dir"> = {}): string {
  // turbopackIgnore: a runtime data directory, not a source file for the bundler to trace.
  return path.resolve(/*turbopackIgnore: true*/ context.dir ?? env().EVIDENCE_DIR ?? path.join(env().JIXIAO_DATA_DIR, "evidence"));
}

export function evidenceMaxMb(context: Pick<EvidenceContext, "maxMb"> = {}): number {
  return context.maxMb ?? env().EVIDENCE_MAX_MB;
}

// What we write; anything else in the column (a tampered row) is never joined onto the directory.
const STORAGE_PATH = /^\d{4}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function reporterUnit(actor: Actor): string {
  return authorizedUnit(actor, "evidence.write");
}

// The same rule and wording as check-ins (lib/progress/check-ins.ts): evidence is part of the month's
// report and locks with it.

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Re-reads the report's status under a share lock inside the write's transaction: a submit that
 * raced us waits for our commit (its UPDATE needs the row), so no file slips into a submitted month.
 */
async function lockEditable(tx: Tx, report: { id: string; month: number } | null) {
  if (!report) return;
  const rows = await tx.$queryRaw<{ status: string }[]>`SELECT "status"::text AS status FROM "MonthlyReport" WHERE "id" = ${report.id}::uuid FOR SHARE`;
  assertEditable(rows[0] ? { status: rows[0].status } : null, report.month);
}

/** The refusal, recorded under its own event when the object exists (a probe of another unit's record). */
async function refusal(db: Db, actor: Actor, exists: boolean, record: { action: AuditAction; objectType: string; objectId: string; detail: string }, error: AppError, context: EvidenceContext): Promise<AppError> {
  if (exists) await auditRefusal(db, { actor, ip: context.ip, ...record }, error);
  return error;
}

function toMeta(row: { id: string; projectId: string; checkInId: string | null; fileName: string; mimeType: string; size: number; sha256: string; uploadedById: string; createdAt: Date }, uploadedBy: string | null): EvidenceMeta {
  return {
    id: row.id,
    projectId: row.projectId,
    checkInId: row.checkInId,
    fileName: row.fileName,
    mimeType: row.mimeType,
    size: row.size,
    sha256: row.sha256,
    uploadedById: row.uploadedById,
    uploadedBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Writes under a temporary name, flushes, then renames: a reader never sees half a file. */
async function writeAtomically(dir: string, storagePath: string, bytes: Uint8Array): Promise<string> {
  const finalPath = path.join(dir, storagePath);
  const tempPath = path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.tmp`);
  await mkdir(path.dirname(finalPath), { recursive: true, mode: 0o750 });
  try {
    const handle = await open(tempPath, "wx", 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, finalPath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
  return finalPath;
}

/**
 * Attaches one file to a check-in of the actor's unit. Checks, cheapest first: role, size, type (by
 * content), the check-in in the actor's unit (else NOT_FOUND, audited as denied), the report editable,
 * at most 20 files. The file is written first (atomically), then the row and its audit record in one
 * transaction that re-checks the report and the count under locks; if that fails the file is removed.
 */
export async function uploadEvidence(
  db: Db,
  actor: Actor,
  input: { checkInId?: string; expenditureId?: string; fileName: string; bytes: Uint8Array },
  context: EvidenceContext = {},
): Promise<EvidenceMeta> {
  const unitId = reporterUnit(actor);
  const maxMb = evidenceMaxMb(context);
  const { bytes } = input;
  if (bytes.byteLength === 0) throw new AppError("VALIDATION", "文件为空", { file: "文件为空" });
  if (bytes.byteLength > maxMb * 1024 * 1024) throw new AppError("TOO_LARGE", `文件过大：上限 ${maxMb} MB`, { file: `文件过大：上限 ${maxMb} MB` });
  const type = sniffEvidence(bytes);
  if (!type) throw new AppError("VALIDATION", UNSUPPORTED_TYPE_MESSAGE, { file: UNSUPPORTED_TYPE_MESSAGE });

  // What the file backs: a check-in (locked with its month's report) or a payment (支出凭证).
  const target = input.expenditureId ? await expenditureTarget(db, actor, unitId, input.expenditureId, context) : await checkInTarget(db, actor, unitId, input.checkInId ?? "", context);
  assertEditable(target.report, target.report?.month ?? 0);
  const tooMany = () => new AppError("VALIDATION", `每条记录最多 ${MAX_EVIDENCE_PER_CHECK_IN} 个佐证材料，请先删除不需要的文件。`, { file: `最多 ${MAX_EVIDENCE_PER_CHECK_IN} 个文件` });
  if (target.count >= MAX_EVIDENCE_PER_CHECK_IN) throw tooMany();
  const owner = target.kind === "checkIn" ? { checkInId: target.id } : { expenditureId: target.id };

  const fileName = sanitizeFileName(input.fileName, type.ext);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const id = randomUUID();
  const storagePath = `${(context.now ?? new Date()).getUTCFullYear()}/${id}`;
  const filePath = await writeAtomically(evidenceDir(context), storagePath, bytes);
  try {
    return await db.$transaction(async (tx) => {
      await lockEditable(tx, target.report);
      // Serialises uploads to one record, so two at 19 files cannot both pass the count.
      if (target.kind === "checkIn") await tx.$queryRaw`SELECT "id" FROM "CheckIn" WHERE "id" = ${target.id}::uuid FOR UPDATE`;
      else await tx.$queryRaw`SELECT "id" FROM "Expenditure" WHERE "id" = ${target.id}::uuid FOR UPDATE`;
      if ((await tx.evidence.count({ where: owner })) >= MAX_EVIDENCE_PER_CHECK_IN) throw tooMany();
      // A double click or a second try after a slow network should not attach the same file twice.
      const same = await tx.evidence.findFirst({ where: { ...owner, sha256 }, select: { fileName: true } });
      if (same) throw new AppError("CONFLICT", `该文件已上传过（${same.fileName}），无需重复上传。`, { file: "该文件已上传过" });
      const row = await tx.evidence.create({
        data: { id, projectId: target.projectId, ...owner, fileName, mimeType: type.mime, size: bytes.byteLength, sha256, storagePath, uploadedById: actor.id },
      });
      await recordAudit(tx, {
        actor,
        ip: context.ip,
        action: "evidence.upload",
        objectType: "Evidence",
        objectId: row.id,
        after: { ...owner, fileName, mimeType: type.mime, size: bytes.byteLength, sha256 },
        outcome: "SUCCESS",
      });
      return toMeta(row, actor.displayName);
    });
  } catch (error) {
    await rm(filePath, { force: true });
    throw error;
  }
}

interface UploadTarget {
  kind: "checkIn" | "expenditure";
  id: string;
  projectId: string;
  report: { id: string; status: string; month: number } | null;
  count: number;
}

async function checkInTarget(db: Db, actor: Actor, unitId: string, checkInId: string, context: EvidenceContext): Promise<UploadTarget> {
  const checkIn = isUuid(checkInId)
    ? await db.checkIn.findFirst({
        where: { id: checkInId, indicator: { project: { unitId } } },
        select: { id: true, indicator: { select: { projectId: true } }, report: { select: { id: true, status: true, month: true } }, _count: { select: { evidence: true } } },
      })
    : null;
  if (!checkIn) {
    const exists = isUuid(checkInId) && (await db.checkIn.count({ where: { id: checkInId } })) > 0;
    throw await refusal(db, actor, exists, { action: "evidence.upload", objectType: "CheckIn", objectId: checkInId, detail: "填报记录不属于本单位" }, notFound("填报记录"), context);
  }
  return { kind: "checkIn", id: checkIn.id, projectId: checkIn.indicator.projectId, report: checkIn.report, count: checkIn._count.evidence };
}

async function expenditureTarget(db: Db, actor: Actor, unitId: string, expenditureId: string, context: EvidenceContext): Promise<UploadTarget> {
  const expenditure = isUuid(expenditureId)
    ? await db.expenditure.findFirst({ where: { id: expenditureId, project: { unitId } }, select: { id: true, projectId: true, _count: { select: { evidence: true } } } })
    : null;
  if (!expenditure) {
    const exists = isUuid(expenditureId) && (await db.expenditure.count({ where: { id: expenditureId } })) > 0;
    throw await refusal(db, actor, exists, { action: "evidence.upload", objectType: "Expenditure", objectId: expenditureId, detail: "支出记录不属于本单位" }, notFound("支出记录"), context);
  }
  return { kind: "expenditure", id: expenditure.id, projectId: expenditure.projectId, report: null, count: expenditure._count.evidence };
}

/** Evidence of one check-in, or of every check-in of one indicator, among the projects the actor may read. */
export async function listEvidence(db: Db, actor: Actor, target: string | { indicatorId: string }): Promise<EvidenceMeta[]> {
  const scope = projectScope(actor);
  const id = typeof target === "string" ? target : target.indicatorId;
  const byCheckIn = typeof target === "string";
  const rows = isUuid(id)
    ? await db.evidence.findMany({
        where: { AND: [byCheckIn ? { checkInId: id } : { checkIn: { indicatorId: id } }, { project: scope }] },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      })
    : [];
  // An empty list must not hide a probe: another unit's check-in or indicator (or none) is NOT_FOUND, which the caller records.
  if (rows.length === 0 && !(isUuid(id) && (byCheckIn ? await db.checkIn.count({ where: { id, indicator: { project: scope } } }) : await db.indicator.count({ where: { id, project: scope } })) > 0)) {
    throw notFound(byCheckIn ? "填报记录" : "指标");
  }
  const users = rows.length === 0 ? [] : await db.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.uploadedById))] } }, select: { id: true, displayName: true } });
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  return rows.map((r) => toMeta(r, names.get(r.uploadedById) ?? null));
}

/**
 * One file for download, if its project is visible to the actor (else NOT_FOUND, or FORBIDDEN for
 * roles that see no project data; attempts on an existing file are audited as denied). The bytes are
 * checked against the recorded size and sha256 before they are handed out; a missing or altered file
 * is audited as a failure. A successful download is audited too.
 */
export async function openEvidence(db: Db, actor: Actor, id: string, context: EvidenceContext = {}): Promise<{ meta: EvidenceMeta; bytes: Uint8Array<ArrayBuffer> }> {
  const valid = isUuid(id);
  const deny = async (error: AppError) => {
    const exists = valid && (await db.evidence.count({ where: { id } })) > 0;
    return refusal(db, actor, exists, { action: "evidence.download", objectType: "Evidence", objectId: id, detail: "不在可查看范围内" }, error, context);
  };
  let scope: ReturnType<typeof projectScope>;
  try {
    scope = projectScope(actor);
  } catch (error) {
    throw error instanceof AppError ? await deny(error) : error;
  }
  const row = valid ? await db.evidence.findFirst({ where: { AND: [{ id }, { project: scope }] } }) : null;
  if (!row) throw await deny(notFound("佐证材料"));
  const fail = async (detail: string) => {
    await db.$transaction((tx) => recordAudit(tx, { actor, ip: context.ip, action: "evidence.download", objectType: "Evidence", objectId: row.id, outcome: "FAILURE", detail }));
    return new EvidenceFileError(`evidence ${row.id}: ${detail}`);
  };
  if (!STORAGE_PATH.test(row.storagePath)) throw await fail(`存储路径异常：${row.storagePath}`);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await readFile(path.join(/*turbopackIgnore: true*/ evidenceDir(context), row.storagePath)));
  } catch (error) {
    throw await fail(`文件无法读取：${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (bytes.byteLength !== row.size || createHash("sha256").update(bytes).digest("hex") !== row.sha256) throw await fail("文件内容与登记的 sha256 不符");
  await db.$transaction((tx) =>
    recordAudit(tx, { actor, ip: context.ip, action: "evidence.download", objectType: "Evidence", objectId: row.id, after: { fileName: row.fileName, sha256: row.sha256 }, outcome: "SUCCESS" }),
  );
  const uploader = await db.user.findUnique({ where: { id: row.uploadedById }, select: { displayName: true } });
  return { meta: toMeta(row, uploader?.displayName ?? null), bytes };
}

/**
 * Removes a check-in's file: a reporter of the unit, while the month's report is editable. The row
 * and its audit record (with the before state) commit together; the file goes after the commit, so
 * a failure leaves at worst an orphan file, never a row without its file.
 */
export async function deleteEvidence(db: Db, actor: Actor, id: string, context: EvidenceContext = {}): Promise<void> {
  const unitId = reporterUnit(actor);
  const row = isUuid(id)
    ? await db.evidence.findFirst({
        where: { id, checkInId: { not: null }, project: { unitId } },
        include: { checkIn: { select: { report: { select: { id: true, status: true, month: true } } } } },
      })
    : null;
  if (!row) {
    const exists = isUuid(id) && (await db.evidence.count({ where: { id } })) > 0;
    throw await refusal(db, actor, exists, { action: "evidence.delete", objectType: "Evidence", objectId: id, detail: "不是本单位填报的佐证材料" }, notFound("佐证材料"), context);
  }
  const report = row.checkIn?.report ?? null;
  assertEditable(report, report?.month ?? 0);
  await db.$transaction(async (tx) => {
    await lockEditable(tx, report);
    const { count } = await tx.evidence.deleteMany({ where: { id: row.id } });
    if (count === 0) throw notFound("佐证材料");
    await recordAudit(tx, {
      actor,
      ip: context.ip,
      action: "evidence.delete",
      objectType: "Evidence",
      objectId: row.id,
      before: { checkInId: row.checkInId, fileName: row.fileName, mimeType: row.mimeType, size: row.size, sha256: row.sha256, storagePath: row.storagePath },
      outcome: "SUCCESS",
    });
  });
  if (STORAGE_PATH.test(row.storagePath)) {
    await rm(path.join(/*turbopackIgnore: true*/ evidenceDir(context), row.storagePath), { force: true }).catch((error: unknown) => console.warn("evidence file not removed", row.id, error));
  }
}
