import { describe, expect, it } from "vitest";
import { contentDisposition } from "@/app/http/content-disposition";

// Every download's Content-Disposition (RFC 6266): the real name in filename* (RFC 5987), an ASCII
// fallback in filename that nothing a user typed can break out of. Read back as a browser reads it:
// filename* percent-decoded, filename between its quotes.

/** The two names a client sees: filename* decoded, and the quoted fallback. */
function read(header: string): { star: string; plain: string } {
  const star = /filename\*=UTF-8''([^;\s]*)$/.exec(header)?.[1];
  const plain = /^attachment; filename="([^"\\]*)";/.exec(header)?.[1];
  if (star === undefined || plain === undefined) throw new Error(`not a well-formed header: ${header}`);
  return { star: decodeURIComponent(star), plain };
}

describe("contentDisposition", () => {
  it("carries a Chinese name whole in filename*, with an ASCII fallback keeping the extension", () => {
    const header = contentDisposition("2025年1–7月项目支出绩效目标执行监控表.xlsx");
    expect(header).toBe(`attachment; filename="download.xlsx"; filename*=UTF-8''${encodeURIComponent("2025年1–7月项目支出绩效目标执行监控表")}.xlsx`);
    expect(read(header)).toEqual({ star: "2025年1–7月项目支出绩效目标执行监控表.xlsx", plain: "download.xlsx" });
    expect(read(contentDisposition("运维记录(终).pdf", "evidence"))).toEqual({ star: "运维记录(终).pdf", plain: "evidence.pdf" });
  });

  it("encodes ' ( ) * too, which RFC 5987 leaves out of attr-char", () => {
    expect(contentDisposition("a'b(c)*.docx")).toBe("attachment; filename=\"a'b(c)*.docx\"; filename*=UTF-8''a%27b%28c%29%2A.docx");
  });

  it("never lets a quote, backslash, percent sign or line break into the fallback or out of filename*", () => {
    for (const name of ['报告".xlsx', 'a"; filename="evil.exe', "a\\b.xlsx", "100%.xlsx", "第一行\r\nSet-Cookie: x=1.xlsx", "tab\there.xlsx", "a\nb.pdf"]) {
      const header = contentDisposition(name);
      expect(header, name).not.toMatch(/[\r\n\t]/);
      expect(header.match(/"/g), name).toHaveLength(2);
      expect(read(header).star, name).toBe(name);
      expect(read(header).plain, name).toMatch(/^download(\.[A-Za-z0-9]+)?$/);
    }
  });

  it("keeps a plain ASCII name as its own fallback", () => {
    expect(contentDisposition("report 2025-07.xlsx")).toBe("attachment; filename=\"report 2025-07.xlsx\"; filename*=UTF-8''report%202025-07.xlsx");
    expect(read(contentDisposition("no-extension"))).toEqual({ star: "no-extension", plain: "no-extension" });
    expect(read(contentDisposition("名称"))).toEqual({ star: "名称", plain: "download" });
  });
});
