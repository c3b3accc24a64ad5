import { crc32 } from "node:zlib";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { contentDisposition } from "@/app/http/content-disposition";
import { sanitizeFileName, sniffEvidence, zipEntryNames } from "@/lib/progress/evidence";

/** The evidence download's Content-Disposition: the one builder, falling back to "evidence.<ext>". */
const attachmentDisposition = (fileName: string) => contentDisposition(fileName, "evidence");

// Evidence types are decided by content. Each accepted format is built here as real bytes (a real
// .xlsx from exceljs, ZIPs written entry by entry), and each refused one is what an attacker or a
// careless user would actually send.

const text = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const base64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

/** A stored (uncompressed) ZIP with the given entries: local headers, central directory, end record. */
function zip(entries: Record<string, string>, options: { comment?: string; trailing?: Uint8Array } = {}): Uint8Array {
  const locals: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const nameBytes = text(name);
    const data = text(content);
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, nameBytes.length, true);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true);
    dir.setUint16(6, 20, true);
    dir.setUint16(8, 0x0800, true);
    dir.setUint32(16, crc, true);
    dir.setUint32(20, data.length, true);
    dir.setUint32(24, data.length, true);
    dir.setUint16(28, nameBytes.length, true);
    dir.setUint32(42, offset, true);
    const localBytes = concat(new Uint8Array(local.buffer), nameBytes, data);
    locals.push(localBytes);
    central.push(concat(new Uint8Array(dir.buffer), nameBytes));
    offset += localBytes.length;
  }
  const directory = concat(...central);
  const comment = text(options.comment ?? "");
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, central.length, true);
  end.setUint16(10, central.length, true);
  end.setUint32(12, directory.length, true);
  end.setUint32(16, offset, true);
  end.setUint16(20, comment.length, true);
  return concat(...locals, directory, new Uint8Array(end.buffer), comment, options.trailing ?? new Uint8Array());
}

const CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const docx = () => zip({ "[Content_Types].xml": CT, "_rels/.rels": "<Relationships/>", "word/document.xml": "<w:document/>" });
const pptx = () => zip({ "[Content_Types].xml": CT, "_rels/.rels": "<Relationships/>", "ppt/presentation.xml": "<p:presentation/>", "ppt/slides/slide1.xml": "<p:sld/>" });
const ofd = () => zip({ "OFD.xml": '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>', "Doc_0/Document.xml": "<ofd:Document/>" });

const PDF = text("%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n");
const PNG = base64("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
const GIF = base64("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
const JPEG = concat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), text("JFIF\0"), new Uint8Array([1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]));
const WEBP = concat(text("RIFF"), new Uint8Array([0x1a, 0, 0, 0]), text("WEBPVP8L"), new Uint8Array([0x0d, 0, 0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0]));

describe("sniffEvidence accepts by content", () => {
  it.each([
    ["PDF", PDF, "application/pdf", "pdf"],
    ["PNG", PNG, "image/png", "png"],
    ["JPEG", JPEG, "image/jpeg", "jpg"],
    ["GIF", GIF, "image/gif", "gif"],
    ["WebP", WEBP, "image/webp", "webp"],
    ["Word .docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"],
    ["PowerPoint .pptx", pptx(), "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"],
    ["OFD", ofd(), "application/ofd", "ofd"],
    ["a ZIP with an archive comment", zip({ "[Content_Types].xml": CT, "word/document.xml": "<w:document/>" }, { comment: "WPS Office" }), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"],
  ])("%s", (_name, bytes, mime, ext) => {
    expect(sniffEvidence(bytes)).toEqual({ mime, ext });
  });

  it("a real .xlsx written by exceljs (deflated entries, data descriptors)", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("运维记录").addRow(["日期", "故障数"]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(sniffEvidence(bytes)).toEqual({ mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext: "xlsx" });
    expect(zipEntryNames(bytes)).toContain("xl/workbook.xml");
  });
});

describe("sniffEvidence refuses", () => {
  it.each([
    ["an HTML page renamed evil.pdf", text("<!DOCTYPE html><html><script>alert(1)</script></html>")],
    ["SVG (script in our origin)", text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ["a Windows executable (MZ)", concat(text("MZ"), new Uint8Array(62), text("PE\0\0"))],
    ["an ELF executable", concat(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), new Uint8Array(57))],
    ["a shell script", text("#!/bin/sh\nrm -rf /\n")],
    ["plain UTF-8 text", text("龙城市民云故障排除率 100%")],
    ["an old .doc/.xls (OLE2)", concat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), new Uint8Array(504))],
    ["a PDF header not at the start", concat(text(" "), PDF)],
    ["a PNG signature without IHDR", concat(PNG.subarray(0, 8), text("junkjunkjunk"))],
    ["RIFF that is not WebP (WAV)", concat(text("RIFF"), new Uint8Array(4), text("WAVEfmt "), new Uint8Array(16))],
    ["nothing", new Uint8Array()],
    ["a plain ZIP of other files", zip({ "readme.txt": "hi", "setup.exe": "MZ" })],
    ["a macro-enabled .docm", zip({ "[Content_Types].xml": CT, "word/document.xml": "<w:document/>", "word/vbaProject.bin": "VBA" })],
    ["OOXML claiming both Word and Excel parts", zip({ "[Content_Types].xml": CT, "word/document.xml": "<w:document/>", "xl/workbook.xml": "<workbook/>" })],
    ["[Content_Types].xml with no Office part", zip({ "[Content_Types].xml": CT })],
    ["a ZIP with data after the archive", zip({ "OFD.xml": "<ofd:OFD/>" }, { trailing: text("<html><script>alert(1)</script></html>") })],
    ["a ZIP cut short (no central directory)", docx().subarray(0, 120)],
    ["OFD.xml inside a folder only", zip({ "x/OFD.xml": "<ofd:OFD/>" })],
  ])("%s", (_name, bytes) => {
    expect(sniffEvidence(bytes)).toBeNull();
  });

  it("a ZIP whose directory points outside the file", () => {
    const bytes = docx();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    view.setUint32(bytes.length - 6, bytes.length, true);
    expect(sniffEvidence(bytes)).toBeNull();
  });
});

describe("sanitizeFileName", () => {
  it.each([
    ["../../etc/passwd.pdf", "pdf", "passwd.pdf"],
    ["C:\\fakepath\\2025年6月运维记录.pdf", "pdf", "2025年6月运维记录.pdf"],
    ["扫描件.PDF", "pdf", "扫描件.PDF"],
    ["现场照片.jpeg", "jpg", "现场照片.jpeg"],
    ["evil.pdf", "png", "evil.pdf.png"],
    ["invoice\u202Efdp.exe", "pdf", "invoicefdp.exe.pdf"],
    ["a\u0000b\r\n\tc.docx", "docx", "abc.docx"],
    ['合同<草稿>:"终"|版?*.docx', "docx", "合同_草稿___终__版__.docx"],
    ["", "ofd", "佐证材料.ofd"],
    ["...", "pdf", "佐证材料.pdf"],
    ["  .hidden.pdf  ", "pdf", "hidden.pdf"],
  ])("%j → %j", (raw, ext, expected) => {
    expect(sanitizeFileName(raw, ext)).toBe(expected);
  });

  it("keeps at most 200 characters and the extension", () => {
    const name = sanitizeFileName(`${"很长的文件名".repeat(60)}.xlsx`, "xlsx");
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith(".xlsx")).toBe(true);
    expect(Array.from(sanitizeFileName(`${"😀".repeat(300)}`, "png"))).toHaveLength(200);
  });
});

describe("attachmentDisposition", () => {
  it("puts a Chinese name in filename* (RFC 5987) with an ASCII fallback", () => {
    expect(attachmentDisposition("2025年6月 运维记录(1).pdf")).toBe(
      "attachment; filename=\"evidence.pdf\"; filename*=UTF-8''2025%E5%B9%B46%E6%9C%88%20%E8%BF%90%E7%BB%B4%E8%AE%B0%E5%BD%95%281%29.pdf",
    );
  });

  it("keeps a plain ASCII name as it is, and never lets a quote end the parameter", () => {
    expect(attachmentDisposition("report.pdf")).toBe("attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
    expect(attachmentDisposition('a"b.pdf')).toBe("attachment; filename=\"evidence.pdf\"; filename*=UTF-8''a%22b.pdf");
  });
});
