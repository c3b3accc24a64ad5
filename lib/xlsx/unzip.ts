import { crc32, inflateRawSync } from "node:zlib";

// An .xlsx is a ZIP archive, and a ZIP says how large each file inside is — but nothing makes it tell
// the truth: a 255 kB upload declaring 100 bytes can inflate to 250 MB. So an uploaded workbook is
// never handed to exceljs as it came. Every entry is inflated here with a running limit — the size
// it declared, within a total budget — and refused the moment it produces more; exceljs then reads
// an archive rebuilt from exactly the bytes produced (stored, not compressed), so what it inflates is
// what was counted, whatever tricks the original's headers play.

export interface UnzipLimits {
  /** Files in the archive (a workbook has a few dozen; an archive of thousands is an attack). */
  maxEntries: number;
  /** Bytes all files may inflate to, together. */
  maxBytes: number;
}

/** Real budget workbooks inflate to a few MB; exceljs needs many times the XML's size in memory. */
export const WORKBOOK_LIMITS: Readonly<UnzipLimits> = Object.freeze({ maxEntries: 1_000, maxBytes: 50 * 1024 * 1024 });

/** A refusal, with the Chinese reason (shown after "文件不是有效的 Excel 工作簿（.xlsx）："). */
export class UnzipRefused extends Error {}

const CORRUPT = "无法解压或读取，文件可能已损坏，或是改了扩展名的其他文件";
const LYING = "压缩包内文件解压后的实际大小与其声明的大小不符（可能是恶意构造的“压缩炸弹”），已拒绝";
const UNSUPPORTED = "使用了不支持的压缩格式，请在 Excel 中另存为 .xlsx 后再上传";

interface Entry {
  /** The name's bytes as stored, and whether they are UTF-8 (general purpose flag bit 11). */
  name: Uint8Array;
  utf8: boolean;
  data: Uint8Array;
  crc: number;
}

/**
 * The archive's files, inflated under `limits`, as a new archive whose files are stored uncompressed.
 * Throws UnzipRefused (Chinese message) for an archive that is not a readable ZIP, has too many
 * files, would inflate beyond the budget, or whose data inflates to more (or less) than it declared.
 */
export function repackBounded(bytes: Uint8Array, limits: UnzipLimits = WORKBOOK_LIMITS): Buffer {
  return storeZip(inflateBounded(bytes, limits));
}

/** The archive's files by name (an .xlsx or .docx read back), inflated under `limits` as repackBounded does. */
export function readZip(bytes: Uint8Array, limits: UnzipLimits = WORKBOOK_LIMITS): Map<string, Uint8Array> {
  return new Map(inflateBounded(bytes, limits).map((e) => [new TextDecoder(e.utf8 ? "utf-8" : "latin1").decode(e.name), e.data]));
}

function inflateBounded(bytes: Uint8Array, limits: UnzipLimits): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => {
    if (at < 0 || at + 2 > bytes.length) throw new UnzipRefused(CORRUPT);
    return view.getUint16(at, true);
  };
  const u32 = (at: number) => {
    if (at < 0 || at + 4 > bytes.length) throw new UnzipRefused(CORRUPT);
    return view.getUint32(at, true);
  };
  // The end-of-central-directory record: the last one, within the 64 KiB a comment may take.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new UnzipRefused(CORRUPT);
  const count = u16(end + 10);
  let at = u32(end + 16);
  // ZIP64 (more than 65 535 files or 4 GB) has no business in an upload of a few MB.
  if (count === 0xffff || at === 0xffffffff) throw new UnzipRefused(UNSUPPORTED);
  if (count > limits.maxEntries) throw new UnzipRefused(`压缩包内有 ${count} 个文件，超过 ${limits.maxEntries} 个，不像是一份 Excel 工作簿`);

  const entries: Entry[] = [];
  let budget = limits.maxBytes;
  for (let n = 0; n < count; n++) {
    if (u32(at) !== 0x02014b50) throw new UnzipRefused(CORRUPT);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    const compressed = u32(at + 20);
    const declared = u32(at + 24);
    const nameLength = u16(at + 28);
    const local = u32(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength);
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
    if (flags & 0x1) throw new UnzipRefused("文件已加密，请先在 Excel 中取消密码保护后再上传");
    if ((method !== 0 && method !== 8) || compressed === 0xffffffff || declared === 0xffffffff || local === 0xffffffff) throw new UnzipRefused(UNSUPPORTED);
    if (declared > budget) throw new UnzipRefused(`解压后超过 ${limits.maxBytes / 1024 / 1024} MB，不像是一份预算表格`);
    if (u32(local) !== 0x04034b50) throw new UnzipRefused(CORRUPT);
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (start + compressed > bytes.length) throw new UnzipRefused(CORRUPT);
    const raw = bytes.subarray(start, start + compressed);
    let data: Uint8Array;
    if (method === 0) data = raw;
    else {
      try {
        // Stops with ERR_BUFFER_TOO_LARGE as soon as the output passes what the entry declared.
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, declared) });
      } catch (error) {
        throw new UnzipRefused((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" ? LYING : CORRUPT);
      }
    }
    if (data.length !== declared) throw new UnzipRefused(LYING);
    if (crc32(data) !== crc) throw new UnzipRefused(CORRUPT);
    budget -= declared;
    entries.push({ name, utf8: (flags & 0x800) !== 0, data, crc });
  }
  return entries;
}

/** A ZIP archive of `entries`, stored (method 0): what exceljs reads costs exactly what was counted. */
function storeZip(entries: Entry[]): Buffer {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4); // version needed: 1.0, stored
    local.writeUInt16LE(entry.utf8 ? 0x800 : 0, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(entry.name.length, 26);
    parts.push(local, entry.name, entry.data);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4); // made by
    header.writeUInt16LE(10, 6);
    header.writeUInt16LE(entry.utf8 ? 0x800 : 0, 8);
    header.writeUInt32LE(entry.crc, 16);
    header.writeUInt32LE(entry.data.length, 20);
    header.writeUInt32LE(entry.data.length, 24);
    header.writeUInt16LE(entry.name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, entry.name);
    offset += 30 + entry.name.length + entry.data.length;
  }
  const size = central.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}
