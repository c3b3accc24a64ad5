import iconv from "iconv-lite";
import type { Problem } from "@/lib/targets/types";

export type Sniffed =
  | { kind: "zip" }
  | { kind: "text"; text: string; encoding: string; problems: Problem[] }
  | { kind: "rejected"; message: string };

const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

// Formats people upload by mistake, recognised by their first bytes so we can say what they are.
const REJECTED: ReadonlyArray<readonly [readonly number[], string]> = [
  // Password-protected .xlsx files are wrapped in the same container as legacy .xls.
  [[0xd0, 0xcf, 0x11, 0xe0], "这是旧版 Excel 文件（.xls）或设置了打开密码的工作簿，无法直接读取：请在 Excel 或 WPS 中取消密码并“另存为” .xlsx 后再导入"],
  [[0x89, 0x50, 0x4e, 0x47], "这是图片文件（PNG），不是表格：请导入 .xlsx、.csv 文件或从 PDF 复制的表格文本"],
  [[0xff, 0xd8, 0xff], "这是图片文件（JPEG），不是表格：请导入 .xlsx、.csv 文件或从 PDF 复制的表格文本"],
  [[0x47, 0x49, 0x46, 0x38], "这是图片文件（GIF），不是表格：请导入 .xlsx、.csv 文件或从 PDF 复制的表格文本"],
  [[0x25, 0x50, 0x44, 0x46], "这是 PDF 文件，不是表格：请在 PDF 阅读器中选中表格复制为文本后粘贴导入，或导入 .xlsx、.csv 文件"],
];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
// Many government systems export an HTML or Excel-2003-XML table under an .xls name.
const MARKUP = /^\s*<(?:!doctype\s+html|html|table|\?xml[^>]*>\s*<\?mso-application|\?xml[^>]*>\s*<workbook)/i;

/** Decides what the bytes are by content and decodes text. Never throws on any input. */
export function sniff(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, ZIP)) return { kind: "zip" };
  for (const [signature, message] of REJECTED) if (startsWith(bytes, signature)) return { kind: "rejected", message };
  const decoded = decode(bytes);
  if (MARKUP.test(decoded.text.slice(0, 2000))) {
    return { kind: "rejected", message: "这是网页（HTML）或 XML 格式的表格，不是 .xlsx：请在 Excel 或 WPS 中打开后“另存为” .xlsx 再导入" };
  }
  if (looksBinary(decoded.text)) return { kind: "rejected", message: "无法识别的文件内容：既不是 Excel 工作簿（.xlsx），也不是 CSV 或文本表格" };
  return { kind: "text", ...decoded };
}

function decode(bytes: Uint8Array): { text: string; encoding: string; problems: Problem[] } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return plain(new TextDecoder("utf-8").decode(bytes.subarray(3)), "UTF-8");
  if (startsWith(bytes, [0xff, 0xfe])) return plain(iconv.decode(buffer.subarray(2), "utf-16le"), "UTF-16LE");
  if (startsWith(bytes, [0xfe, 0xff])) return plain(iconv.decode(buffer.subarray(2), "utf-16be"), "UTF-16BE");
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return plain(iconv.decode(buffer, utf16), utf16.toUpperCase());
  try {
    return plain(new TextDecoder("utf-8", { fatal: true }).decode(bytes), "UTF-8");
  } catch {
    // GBK text read as UTF-8 turns nearly every Chinese character into U+FFFD; a damaged UTF-8 file only a few.
    const lenient = new TextDecoder("utf-8").decode(bytes);
    let replaced = 0;
    let nonAscii = 0;
    for (let i = 0; i < lenient.length; i++) {
      const code = lenient.charCodeAt(i);
      if (code >= 0x80) nonAscii++;
      if (code === 0xfffd) replaced++;
    }
    if (replaced * 50 < nonAscii) {
      const message = `文件按 UTF-8 读取，其中 ${replaced} 处字节无法解码，已显示为“\uFFFD”：请检查这些位置的文字`;
      return { text: lenient, encoding: "UTF-8", problems: [{ severity: "warning", location: "全文", message }] };
    }
    // GB18030 is a superset of GBK and GB2312, which Chinese Excel and WPS write for "CSV".
    return plain(iconv.decode(buffer, "gb18030"), "GB18030");
  }
}

const plain = (text: string, encoding: string) => ({ text, encoding, problems: [] as Problem[] });

// Excel's "Unicode text" has a BOM; without one, ASCII tabs, digits and line breaks give UTF-16 away
// through zero bytes that sit on one side of each pair only.
function utf16WithoutBom(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.2 && evenZeros < pairs * 0.02) return "utf-16le";
  if (evenZeros > pairs * 0.2 && oddZeros < pairs * 0.02) return "utf-16be";
  return null;
}

// Random bytes still "decode" as GB18030; what gives them away is a share of control characters and
// replacement marks that no table has (a real one has at most a stray few).
function looksBinary(text: string): boolean {
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const control = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || (c >= 0x7f && c <= 0x9f);
    if (control || c === 0xfffd) bad++;
  }
  return bad > 0 && bad >= text.length * 0.02;
}
