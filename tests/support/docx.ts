import { readZip } from "@/lib/xlsx/unzip";

// A .docx read back as a person would read it: its parts unzipped, each paragraph's text in order.

export interface DocxParts {
  document: string;
  headers: string[];
  footers: string[];
  fontTable: string;
  names: string[];
}

export function docxParts(bytes: Uint8Array): DocxParts {
  const files = readZip(bytes);
  const text = (name: string) => new TextDecoder().decode(files.get(name) ?? new Uint8Array());
  const names = [...files.keys()];
  return {
    document: text("word/document.xml"),
    headers: names.filter((n) => /^word\/header\d+\.xml$/.test(n)).map(text),
    footers: names.filter((n) => /^word\/footer\d+\.xml$/.test(n)).map(text),
    fontTable: text("word/fontTable.xml"),
    names,
  };
}

const decode = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** Each paragraph's text (the w:t runs joined; tabs as "\t"), in document order; table cells are paragraphs too. */
export function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => decode(m[0].replace(/<w:tab\/>/g, "\t").replace(/<w:t(?: [^>]*)?>([\s\S]*?)<\/w:t>|<[^>]+>/g, (_all, t: string | undefined) => t ?? "")));
}

/** The rows of every table, each row as its cells' text (cells' paragraphs joined with "\n"). */
export function tableRows(xml: string): string[][] {
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) => [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) => paragraphs(cell[0]).join("\n")));
}
