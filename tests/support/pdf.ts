import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

// A printed PDF looked at the way a person would: its pages rendered to PNG by Debian's poppler-utils
// (pdftoppm) to open and judge, and every word with its bounding box (pdftotext -bbox) to check that
// nothing runs off the page.

export const PDF_DIR = "test-results/pdf";

export interface PdfWord { page: number; text: string; xMin: number; xMax: number; yMin: number; yMax: number }
export interface PdfPage { width: number; height: number }

export const hasPoppler = () => existsSync("/usr/bin/pdftoppm") && existsSync("/usr/bin/pdftotext");

/** Writes the PDF, renders each page to `<name>-<n>.png` beside it, and reads its words; the PNG paths are returned to look at. */
export function inspectPdf(name: string, bytes: Uint8Array): { pages: PdfPage[]; words: PdfWord[]; pngs: string[] } {
  mkdirSync(PDF_DIR, { recursive: true });
  const file = path.join(PDF_DIR, `${name}.pdf`);
  writeFileSync(file, bytes);
  execFileSync("pdftoppm", ["-png", "-r", "70", file, path.join(PDF_DIR, name)]);
  const html = execFileSync("pdftotext", ["-bbox", file, "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const pages: PdfPage[] = [];
  const words: PdfWord[] = [];
  for (const block of html.split(/<page /).slice(1)) {
    const size = /width="([\d.]+)" height="([\d.]+)"/.exec(block)!;
    pages.push({ width: Number(size[1]), height: Number(size[2]) });
    for (const m of block.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      words.push({ page: pages.length, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: m[5]!.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">") });
    }
  }
  const pngs = readdirSync(PDF_DIR).filter((f) => f.startsWith(`${name}-`) && f.endsWith(".png")).sort().map((f) => path.join(PDF_DIR, f));
  return { pages, words, pngs };
}
