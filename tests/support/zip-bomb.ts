import { once } from "node:events";
import { crc32, createDeflateRaw, deflateRawSync } from "node:zlib";

// Hostile .xlsx archives for the upload tests, built by hand: a ZIP says how large each file inside
// it is, and nothing makes it tell the truth.

interface RawEntry {
  name: string;
  /** The bytes as stored (deflated). */
  stored: Uint8Array;
  /** What the headers claim the file inflates to. */
  declared: number;
  crc: number;
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const WORKBOOK_PARTS: Record<string, string> = {
  "[Content_Types].xml": `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
  "_rels/.rels": `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  "xl/workbook.xml": `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="填报" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  "xl/_rels/workbook.xml.rels": `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
};
const SHEET_HEAD = `${XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`;
const SHEET_TAIL = "</t></is></c></row></sheetData></worksheet>";

const honest = (name: string, content: string): RawEntry => {
  const bytes = Buffer.from(content);
  return { name, stored: deflateRawSync(bytes), declared: bytes.length, crc: crc32(bytes) };
};

/** A ZIP of deflated entries whose headers say what `declared` says. */
function zip(entries: RawEntry[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.stored.length, 18);
    local.writeUInt32LE(e.declared, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(e.crc, 16);
    header.writeUInt32LE(e.stored.length, 20);
    header.writeUInt32LE(e.declared, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, Buffer.from(e.stored));
    central.push(header, name);
    offset += 30 + name.length + e.stored.length;
  }
  const size = central.reduce((n, p) => n + p.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, ...central, end]));
}

/**
 * A workbook whose one sheet declares `declared` bytes and inflates to about `inflatesTo` (a cell of
 * spaces), deflated as a stream so that building it costs a few MB, not `inflatesTo`.
 */
export async function lyingWorkbook(inflatesTo: number, declared = 100): Promise<Uint8Array> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = once(deflate, "end");
  const block = Buffer.alloc(1 << 20, 0x20);
  let crc = 0;
  const write = async (bytes: Buffer) => {
    crc = crc32(bytes, crc);
    if (!deflate.write(bytes)) await once(deflate, "drain");
  };
  await write(Buffer.from(SHEET_HEAD));
  for (let written = 0; written < inflatesTo; written += block.length) await write(block);
  await write(Buffer.from(SHEET_TAIL));
  deflate.end();
  await ended;
  return zip([...Object.entries(WORKBOOK_PARTS).map(([name, content]) => honest(name, content)), { name: "xl/worksheets/sheet1.xml", stored: Buffer.concat(chunks), declared, crc }]);
}

/** A workbook with `count` extra (empty) files: cheap to send, one header and one inflation each. */
export function crowdedWorkbook(count: number): Uint8Array {
  const filler = Array.from({ length: count }, (_, i) => honest(`xl/media/x${i}.bin`, ""));
  return zip([...Object.entries(WORKBOOK_PARTS).map(([name, content]) => honest(name, content)), honest("xl/worksheets/sheet1.xml", `${SHEET_HEAD}x${SHEET_TAIL}`), ...filler]);
}

/** The same small workbook with honest headers: it must still be read. */
export function honestWorkbook(): Uint8Array {
  return zip([...Object.entries(WORKBOOK_PARTS).map(([name, content]) => honest(name, content)), honest("xl/worksheets/sheet1.xml", `${SHEET_HEAD}柳州${SHEET_TAIL}`)]);
}
