import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { readWorkbook } from "@/lib/targets/import/xlsx";
import { buildRequest, file } from "../support/fuzz-http";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { crowdedWorkbook, honestWorkbook, lyingWorkbook } from "../support/zip-bomb";

// A 255 kB .xlsx declaring 100 bytes and inflating to 250 MB, sent to every endpoint that reads
// uploaded workbooks: refused within 200 ms, with a Chinese message, the server's peak memory
// growing by less than 50 MB.

const state = vi.hoisted(() => ({ actor: null as Actor | null }));
const db = setupTestDb();
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db/client")>()), db: () => db() }));
vi.mock("@/app/session", () => ({ currentActor: async () => state.actor, activeActor: async () => state.actor }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

const LYING = "压缩包内文件解压后的实际大小与其声明的大小不符（可能是恶意构造的“压缩炸弹”），已拒绝";
const MB = 1024 * 1024;
let bomb: Uint8Array;
const dir = mkdtempSync(path.join(tmpdir(), "jixiao-zip-bomb-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  bomb = await lyingWorkbook(250 * MB);
}, 60_000);

describe("a lying .xlsx (declares 100 B, inflates to 250 MB)", () => {
  it("is small enough to upload anywhere", () => {
    console.log(`zip bomb: ${(bomb.byteLength / 1024).toFixed(0)} kB`);
    expect(bomb.byteLength).toBeLessThan(400 * 1024);
  });

  it("is refused by the workbook reader within 200 ms, its peak memory growing by less than 50 MB (measured in a process of its own)", () => {
    const upload = path.join(dir, "bomb.xlsx");
    writeFileSync(upload, bomb);
    const output = execFileSync(process.execPath, ["--import", "tsx", "tests/support/zip-bomb-probe.ts", upload], { encoding: "utf8", timeout: 60_000 });
    const measured = JSON.parse(output.trim().split("\n").at(-1)!) as { ms: number; grewMb: number; message: string };
    console.log(`zip bomb: refused in ${measured.ms.toFixed(1)} ms, peak memory +${measured.grewMb.toFixed(1)} MB`);
    expect(measured.message).toBe(`文件不是有效的 Excel 工作簿（.xlsx）：${LYING}`);
    expect(measured.ms).toBeLessThan(200);
    expect(measured.grewMb).toBeLessThan(50);
  });

  it("is refused by the progress template, expenditure and target imports, costing no more than an honest upload, writing nothing", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309001");
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const project = await db().project.findFirstOrThrow({ where: { unitId: reporter.unitId! } });
    const cases = [
      { who: reporter, route: "@/app/api/progress/template/route", path: "/api/progress/template", fields: [["year", "2025"], ["month", "6"]] },
      { who: reporter, route: "@/app/api/budget/import/route", path: "/api/budget/import", fields: [["projectId", project.id]] },
      { who: admin, route: "@/app/api/targets/import/route", path: "/api/targets/import", fields: [["mode", "preview"], ["departmentCode", "309"], ["year", "2025"], ["layout", "auto"]] },
    ] as const;
    const expenditures = await db().expenditure.count();
    for (const c of cases) {
      const { POST } = (await import(c.route)) as { POST: (request: Request) => Promise<Response> };
      const post = async (bytes: Uint8Array) => {
        const request = await buildRequest({ method: "POST", path: c.path, body: { kind: "form", fields: [...c.fields.map(([k, v]) => [k, v] as [string, string]), ["file", file(bytes, "填报表.xlsx")]] } });
        state.actor = c.who;
        const started = performance.now();
        const response = await POST(request);
        return { response, ms: performance.now() - started };
      };
      // The whole request includes the form parsing and the route's own queries (slow on a loaded
      // machine): the bomb must cost no more than an honest small workbook does, which goes first
      // (and loads the route's modules). The refusal itself is timed above, in a process of its own.
      const honest = await post(honestWorkbook());
      expect(honest.response.status, c.path).toBeLessThan(500);
      const { response, ms } = await post(bomb);
      state.actor = null;
      const body = JSON.stringify(await response.json());
      console.log(`zip bomb: ${c.path} answered ${response.status} in ${ms.toFixed(1)} ms (an honest small workbook: ${honest.ms.toFixed(1)} ms)`);
      expect(response.status, c.path).toBeLessThan(500);
      expect(body, c.path).toContain(LYING);
      expect(ms, c.path).toBeLessThan(honest.ms + 200);
      expect(ms, c.path).toBeLessThan(1_000);
    }
    expect(await db().expenditure.count()).toBe(expenditures);
  });
});

describe("other hostile archives", () => {
  it("an archive of thousands of files is refused before any is inflated; an honest small workbook is still read", async () => {
    const crowded = crowdedWorkbook(5_000);
    const started = performance.now();
    await expect(readWorkbook(crowded)).rejects.toThrow("文件不是有效的 Excel 工作簿（.xlsx）：压缩包内有 5005 个文件，超过 1000 个，不像是一份 Excel 工作簿");
    expect(performance.now() - started).toBeLessThan(200);
    expect(await readWorkbook(honestWorkbook())).toEqual([{ sheet: "填报", aligned: true, rows: [{ row: 1, cells: ["柳州"] }] }]);
  });

  it("an archive that declares more than 50 MB is refused before inflating, and one that inflates to less than it declares too", async () => {
    const big = await lyingWorkbook(1 * MB, 60 * MB);
    await expect(readWorkbook(big)).rejects.toThrow("文件不是有效的 Excel 工作簿（.xlsx）：解压后超过 50 MB，不像是一份预算表格");
    const short = await lyingWorkbook(1 * MB, 2 * MB);
    await expect(readWorkbook(short)).rejects.toThrow(LYING);
  });
});
