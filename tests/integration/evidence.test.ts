import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { deleteEvidence, EvidenceFileError, evidenceDir, listEvidence, openEvidence, UNSUPPORTED_TYPE_MESSAGE, uploadEvidence } from "@/lib/progress/evidence";
import { reviewReport, submitReport } from "@/lib/progress/reports";
import { DELETE as deleteRoute, GET as downloadRoute } from "@/app/api/evidence/[id]/route";
import { GET as listRoute, POST as uploadRoute } from "@/app/api/evidence/route";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// Evidence on a real PostgreSQL with real files in a temporary EVIDENCE_DIR. lib/ calls get the
// directory as a parameter; the Route Handlers read it from the environment, set here before any
// env() call. The handlers run with a mocked session and the test database.

const route = vi.hoisted(() => ({ actor: null as Actor | null, db: null as (() => Db) | null }));
vi.mock("@/app/session", () => ({ currentActor: async () => route.actor, activeActor: async () => route.actor }));
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db/client")>()), db: () => route.db!() }));

const dir = mkdtempSync(path.join(tmpdir(), "jixiao-evidence-"));
process.env.EVIDENCE_DIR = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const db = setupTestDb();
route.db = db;
const now = new Date("2026-11-26T08:00:00Z");
const ctx = { dir, now, ip: "10.20.30.40" };

const text = (s: string) => new TextEncoder().encode(s);
const pdf = (label = "运维记录") => text(`%PDF-1.7\n% ${label}\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n`);
const PNG = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"));
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Every file under the evidence directory, temporary ones included. */
const filesOnDisk = () => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(path.join(dir, f)).isFile()).sort();

async function checkInFor(reporter: Actor, month: number, indicatorName = "龙城市民云故障排除率") {
  const project = await db().project.findFirstOrThrow({ where: { name: "龙城市民云APP运维费" }, include: { indicators: true } });
  const indicator = project.indicators.find((i) => i.name === indicatorName)!;
  const result = await saveCheckIns(db(), reporter, { year: 2025, month, rows: [{ indicatorId: indicator.id, actual: "100", likelihood: "CERTAIN" }] }, { now });
  expect(result.saved).toBe(1);
  const checkIn = await db().checkIn.findFirstOrThrow({ where: { indicatorId: indicator.id, report: { month } }, include: { report: true } });
  return { checkIn, indicator, report: checkIn.report! };
}

async function snapshot() {
  return { rows: await db().evidence.count(), files: filesOnDisk() };
}

describe("uploading, listing and downloading evidence", () => {
  it("stores a PDF and a PNG by content under <year>/<uuid>, lists them, and a download returns the same bytes, audited", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { actor: reviewer } = await makeUser(db(), "REVIEWER", "309002");
    const { actor: leader } = await makeUser(db(), "LEADER");
    const { checkIn, indicator } = await checkInFor(reporter, 1);
    const bytes = pdf();

    const meta = await uploadEvidence(db(), reporter, { checkInId: checkIn.id, fileName: "2025年1月运维记录.pdf", bytes }, ctx);
    expect(meta).toMatchObject({ checkInId: checkIn.id, projectId: indicator.projectId, fileName: "2025年1月运维记录.pdf", mimeType: "application/pdf", size: bytes.length, sha256: sha256(bytes), uploadedById: reporter.id, uploadedBy: reporter.displayName });
    const row = await db().evidence.findUniqueOrThrow({ where: { id: meta.id } });
    expect(row.storagePath).toBe(`2026/${meta.id}`);
    expect(new Uint8Array(readFileSync(path.join(dir, row.storagePath)))).toEqual(bytes);
    expect(filesOnDisk()).toEqual([path.join("2026", meta.id)]);
    const uploaded = await db().auditEvent.findFirstOrThrow({ where: { objectId: meta.id, action: "evidence.upload" } });
    expect(uploaded).toMatchObject({ outcome: "SUCCESS", userId: reporter.id, ip: "10.20.30.40", after: { checkInId: checkIn.id, fileName: "2025年1月运维记录.pdf", sha256: sha256(bytes), size: bytes.length } });

    // The name a browser sends decides nothing: a PNG called .pdf is stored as a PNG and named so.
    const png = await uploadEvidence(db(), reporter, { checkInId: checkIn.id, fileName: "../../现场照片.pdf", bytes: PNG }, ctx);
    expect(png).toMatchObject({ mimeType: "image/png", fileName: "现场照片.pdf.png", size: PNG.length });

    expect((await listEvidence(db(), reporter, checkIn.id)).map((e) => e.id)).toEqual([meta.id, png.id]);
    expect((await listEvidence(db(), leader, { indicatorId: indicator.id })).map((e) => e.fileName)).toEqual(["2025年1月运维记录.pdf", "现场照片.pdf.png"]);

    for (const reader of [reviewer, leader, reporter]) {
      const opened = await openEvidence(db(), reader, meta.id, ctx);
      expect(opened.bytes).toEqual(bytes);
      expect(opened.meta).toMatchObject({ id: meta.id, mimeType: "application/pdf", uploadedBy: reporter.displayName });
    }
    const downloads = await db().auditEvent.findMany({ where: { objectId: meta.id, action: "evidence.download" }, orderBy: { id: "asc" } });
    expect(downloads.map((d) => [d.userId, d.outcome])).toEqual([[reviewer.id, "SUCCESS"], [leader.id, "SUCCESS"], [reporter.id, "SUCCESS"]]);

    // The same file twice on one check-in is a double click, not new evidence.
    await expect(uploadEvidence(db(), reporter, { checkInId: checkIn.id, fileName: "again.pdf", bytes }, ctx)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("已上传过") });
    expect(await db().evidence.count({ where: { checkInId: checkIn.id } })).toBe(2);
  });

  it("refuses by content, size and emptiness: nothing on disk, no row, no audit record", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { checkIn } = await checkInFor(reporter, 2);
    const before = { ...(await snapshot()), audit: await db().auditEvent.count() };
    const upload = (fileName: string, bytes: Uint8Array) => uploadEvidence(db(), reporter, { checkInId: checkIn.id, fileName, bytes }, ctx);

    await expect(upload("evil.pdf", text("<!DOCTYPE html><html><script>fetch('/api/x')</script></html>"))).rejects.toMatchObject({ code: "VALIDATION", message: UNSUPPORTED_TYPE_MESSAGE });
    await expect(upload("setup.pdf", new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0]))).rejects.toMatchObject({ code: "VALIDATION", message: UNSUPPORTED_TYPE_MESSAGE });
    await expect(upload("图.svg", text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'))).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { file: UNSUPPORTED_TYPE_MESSAGE } });
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(pdf());
    await expect(upload("扫描件.pdf", big)).rejects.toMatchObject({ code: "TOO_LARGE", message: "文件过大：上限 20 MB" });
    await expect(upload("空.pdf", new Uint8Array())).rejects.toMatchObject({ code: "VALIDATION", message: "文件为空" });

    expect({ ...(await snapshot()), audit: await db().auditEvent.count() }).toEqual(before);
  });

  it("keeps at most 20 files per check-in, also when the last ones arrive together", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { checkIn } = await checkInFor(reporter, 3);
    for (let n = 1; n <= 14; n++) await uploadEvidence(db(), reporter, { checkInId: checkIn.id, fileName: `第${n}页.pdf`, bytes: pdf(`page ${n}`) }, ctx);
    const before = filesOnDisk().length;
    // Ten at once for the last six places: all pass the early count, the locked re-count decides.
    const race = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => uploadEvidence(db(), reporter, { checkInId: checkIn.id, fileName: `第${15 + i}页.pdf`, bytes: pdf(`page ${15 + i}`) }, ctx)));
    expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(6);
    expect(race.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason)).toEqual(Array(4).fill(expect.objectContaining({ code: "VALIDATION", message: expect.stringContaining("最多 20 个") })));
    expect(await db().evidence.count({ where: { checkInId: checkIn.id } })).toBe(20);
    expect(filesOnDisk()).toHaveLength(before + 6);
    await expect(uploadEvidence(db(), reporter, { checkInId: checkIn.id, fileName: "more.pdf", bytes: pdf("page 22") }, ctx)).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("removes the file when the database write fails", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { checkIn } = await checkInFor(reporter, 4);
    const before = await snapshot();
    const broken = new Proxy(db(), {
      get: (target, key, receiver) => (key === "$transaction" ? () => Promise.reject(new Error("连接中断")) : Reflect.get(target, key, receiver)),
    });
    await expect(uploadEvidence(broken, reporter, { checkInId: checkIn.id, fileName: "a.pdf", bytes: pdf("db down") }, ctx)).rejects.toThrow("连接中断");
    expect(await snapshot()).toEqual(before);
  });

  it("does not serve a file that is missing or was altered on disk, and audits the failure", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { checkIn } = await checkInFor(reporter, 5);
    const meta = await uploadEvidence(db(), reporter, { checkInId: checkIn.id, fileName: "a.pdf", bytes: pdf("original") }, ctx);
    const file = path.join(dir, "2026", meta.id);
    writeFileSync(file, pdf("tampered"));
    await expect(openEvidence(db(), reporter, meta.id, ctx)).rejects.toBeInstanceOf(EvidenceFileError);
    rmSync(file);
    await expect(openEvidence(db(), reporter, meta.id, ctx)).rejects.toBeInstanceOf(EvidenceFileError);
    const trail = await db().auditEvent.findMany({ where: { objectId: meta.id, action: "evidence.download" }, orderBy: { id: "asc" } });
    expect(trail.map((e) => [e.outcome, e.detail?.slice(0, 6)])).toEqual([["FAILURE", "文件内容与登"], ["FAILURE", "文件无法读取"]]);
  });
});

describe("who may touch evidence", () => {
  it("another unit's reporter gets NOT_FOUND (audited as denied), a leader reads but does not upload, the auditor and security officer read nothing", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { actor: stranger } = await makeUser(db(), "REPORTER", "309001");
    const { actor: strangerReviewer } = await makeUser(db(), "REVIEWER", "309001");
    const { actor: leader } = await makeUser(db(), "LEADER");
    const { actor: auditor } = await makeUser(db(), "AUDITOR");
    const { actor: security } = await makeUser(db(), "SECURITY_OFFICER");
    const { checkIn, indicator } = await checkInFor(reporter, 6);
    const meta = await uploadEvidence(db(), reporter, { checkInId: checkIn.id, fileName: "验收报告.pdf", bytes: pdf("acceptance") }, ctx);
    const before = await snapshot();

    await expect(uploadEvidence(db(), stranger, { checkInId: checkIn.id, fileName: "x.pdf", bytes: pdf("stranger") }, ctx)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await snapshot()).toEqual(before);
    expect(await db().auditEvent.findFirstOrThrow({ where: { userId: stranger.id, action: "evidence.upload" } })).toMatchObject({ outcome: "DENIED", objectId: checkIn.id });

    await expect(openEvidence(db(), stranger, meta.id, ctx)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(openEvidence(db(), strangerReviewer, meta.id, ctx)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteEvidence(db(), stranger, meta.id, ctx)).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Listing another unit's check-in or indicator is a refusal too (the route records it), not an empty list.
    await expect(listEvidence(db(), stranger, checkIn.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listEvidence(db(), stranger, { indicatorId: indicator.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await expect(uploadEvidence(db(), leader, { checkInId: checkIn.id, fileName: "x.pdf", bytes: pdf("leader") }, ctx)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(deleteEvidence(db(), leader, meta.id, ctx)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await openEvidence(db(), leader, meta.id, ctx)).meta.fileName).toBe("验收报告.pdf");

    for (const outsider of [auditor, security]) {
      await expect(openEvidence(db(), outsider, meta.id, ctx)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(listEvidence(db(), outsider, checkIn.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(uploadEvidence(db(), outsider, { checkInId: checkIn.id, fileName: "x.pdf", bytes: pdf("outsider") }, ctx)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const denied = await db().auditEvent.findMany({ where: { objectId: meta.id, action: "evidence.download", outcome: "DENIED" } });
    expect(denied.map((d) => d.userId).sort()).toEqual([stranger.id, strangerReviewer.id, auditor.id, security.id].sort());

    await expect(openEvidence(db(), reporter, "00000000-0000-4000-8000-000000000000", ctx)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(openEvidence(db(), reporter, "../../etc/passwd", ctx)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await snapshot()).toEqual(before);
  });

  it("locks evidence with a submitted report (CONFLICT) and unlocks it when the report is returned", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { actor: reviewer } = await makeUser(db(), "REVIEWER", "309002");
    const { checkIn, report } = await checkInFor(reporter, 7);
    const meta = await uploadEvidence(db(), reporter, { checkInId: checkIn.id, fileName: "7月.pdf", bytes: pdf("july") }, ctx);
    await submitReport(db(), reporter, report.id, { reason: "其余指标本月无进展" });

    await expect(uploadEvidence(db(), reporter, { checkInId: checkIn.id, fileName: "补充.pdf", bytes: pdf("late") }, ctx)).rejects.toMatchObject({ code: "CONFLICT", message: "7 月填报已提交审核，不能再修改；如需修改请联系审核人退回。" });
    await expect(deleteEvidence(db(), reporter, meta.id, ctx)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(existsSync(path.join(dir, "2026", meta.id))).toBe(true);

    await reviewReport(db(), reviewer, report.id, "return", "请补充验收单");
    await deleteEvidence(db(), reporter, meta.id, ctx);
    expect(existsSync(path.join(dir, "2026", meta.id))).toBe(false);
    expect(await db().evidence.findUnique({ where: { id: meta.id } })).toBeNull();
    expect(await db().auditEvent.findFirstOrThrow({ where: { objectId: meta.id, action: "evidence.delete" } })).toMatchObject({ outcome: "SUCCESS", before: { fileName: "7月.pdf", sha256: meta.sha256 } });
    await uploadEvidence(db(), reporter, { checkInId: checkIn.id, fileName: "验收单.pdf", bytes: pdf("acceptance slip") }, ctx);

    await submitReport(db(), reporter, report.id, { reason: "其余指标本月无进展" });
    await reviewReport(db(), reviewer, report.id, "approve", "同意", { confirmIncomplete: true });
    await expect(uploadEvidence(db(), reporter, { checkInId: checkIn.id, fileName: "x.pdf", bytes: pdf("after approval") }, ctx)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("已审核通过并锁定") });
  });
});

describe("the Route Handlers", () => {
  const origin = "http://localhost:3000";

  async function multipart(fields: Record<string, string | File>, headers: Record<string, string> = {}) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const encoded = new Response(form);
    const body = new Uint8Array(await encoded.arrayBuffer());
    return new NextRequest(`${origin}/api/evidence`, {
      method: "POST",
      headers: { host: "localhost:3000", origin, "content-type": encoded.headers.get("content-type")!, "content-length": String(body.length), ...headers },
      body,
    });
  }
  const get = (url: string) => new NextRequest(`${origin}${url}`, { headers: { host: "localhost:3000" } });
  const params = (id: string) => ({ params: Promise.resolve({ id }) });

  it("upload → list → download → delete, with the headers a download needs", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { checkIn } = await checkInFor(reporter, 8);
    const bytes = pdf("route");
    route.actor = reporter;

    const created = await uploadRoute(await multipart({ checkInId: checkIn.id, file: new File([bytes], "2025年8月 运维记录(终).pdf", { type: "text/html" }) }));
    expect(created.status).toBe(201);
    const meta = await created.json();
    expect(meta).toMatchObject({ fileName: "2025年8月 运维记录(终).pdf", mimeType: "application/pdf", size: bytes.length, sha256: sha256(bytes) });
    expect(filesOnDisk()).toContain(path.join(String(new Date().getUTCFullYear()), meta.id));
    expect(evidenceDir()).toBe(dir);

    const listed = await listRoute(get(`/api/evidence?checkInId=${checkIn.id}`));
    expect((await listed.json()).items.map((e: { id: string }) => e.id)).toEqual([meta.id]);

    const download = await downloadRoute(get(`/api/evidence/${meta.id}`), params(meta.id));
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    expect(Object.fromEntries(download.headers)).toMatchObject({
      "content-type": "application/pdf",
      "content-disposition": "attachment; filename=\"evidence.pdf\"; filename*=UTF-8''2025%E5%B9%B48%E6%9C%88%20%E8%BF%90%E7%BB%B4%E8%AE%B0%E5%BD%95%28%E7%BB%88%29.pdf",
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    });

    const { actor: auditor } = await makeUser(db(), "AUDITOR");
    route.actor = auditor;
    expect((await downloadRoute(get(`/api/evidence/${meta.id}`), params(meta.id))).status).toBe(403);
    route.actor = reporter;
    const missing = await downloadRoute(get("/api/evidence/00000000-0000-4000-8000-000000000000"), params("00000000-0000-4000-8000-000000000000"));
    expect([missing.status, (await missing.json()).message]).toEqual([404, "佐证材料不存在，或您无权查看。"]);

    const crossSite = new NextRequest(`${origin}/api/evidence/${meta.id}`, { method: "DELETE", headers: { host: "localhost:3000", origin: "http://evil.example" } });
    expect((await deleteRoute(crossSite, params(meta.id))).status).toBe(403);
    const deleted = await deleteRoute(new NextRequest(`${origin}/api/evidence/${meta.id}`, { method: "DELETE", headers: { host: "localhost:3000", origin } }), params(meta.id));
    expect(deleted.status).toBe(204);
    expect(await db().evidence.findUnique({ where: { id: meta.id } })).toBeNull();
  });

  it("refuses cross-site, anonymous, non-reporter, oversize (before reading the body) and bad uploads with Chinese JSON", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { actor: leader } = await makeUser(db(), "LEADER");
    const { checkIn } = await checkInFor(reporter, 9);
    const before = await snapshot();
    const file = () => new File([pdf("x")], "a.pdf");

    route.actor = reporter;
    expect((await uploadRoute(await multipart({ checkInId: checkIn.id, file: file() }, { origin: "http://evil.example" }))).status).toBe(403);
    route.actor = null;
    expect((await uploadRoute(await multipart({ checkInId: checkIn.id, file: file() }))).status).toBe(401);
    expect((await listRoute(get(`/api/evidence?checkInId=${checkIn.id}`))).status).toBe(401);
    expect((await downloadRoute(get(`/api/evidence/${checkIn.id}`), params(checkIn.id))).status).toBe(401);
    route.actor = leader;
    expect((await uploadRoute(await multipart({ checkInId: checkIn.id, file: file() }))).status).toBe(403);

    route.actor = reporter;
    // highWaterMark 0: the stream is pulled only when someone reads the body.
    let pulled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled = true;
        controller.close();
      },
    }, { highWaterMark: 0 });
    const oversize = new NextRequest(`${origin}/api/evidence`, {
      method: "POST",
      headers: { host: "localhost:3000", origin, "content-type": "multipart/form-data; boundary=x", "content-length": String(30 * 1024 * 1024) },
      body,
      duplex: "half",
    } as ConstructorParameters<typeof NextRequest>[1]);
    const refused = await uploadRoute(oversize);
    expect([refused.status, (await refused.json()).message]).toEqual([413, "文件过大：上限 20 MB，本次约 30.0 MB。"]);
    expect(pulled).toBe(false);

    const evil = await uploadRoute(await multipart({ checkInId: checkIn.id, file: new File([text("<html><script>alert(1)</script></html>")], "evil.pdf", { type: "application/pdf" }) }));
    expect([evil.status, (await evil.json()).message]).toEqual([422, UNSUPPORTED_TYPE_MESSAGE]);
    const noFile = await uploadRoute(await multipart({ checkInId: checkIn.id }));
    expect(noFile.status).toBe(422);
    const { actor: stranger } = await makeUser(db(), "REPORTER", "309001");
    route.actor = stranger;
    expect((await uploadRoute(await multipart({ checkInId: checkIn.id, file: file() }))).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });
});

describe("evidence for payments (支付凭证)", () => {
  it("attaches a voucher scan to the unit's own expenditure and refuses another unit's", async () => {
    const { recordExpenditure } = await import("@/lib/budget/records");
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const { actor: other } = await makeUser(db(), "REPORTER", "309001");
    const project = await db().project.findFirstOrThrow({ where: { name: "办公设备购置" } });
    const { id } = await recordExpenditure(db(), reporter, project.id, { date: "2025-03-02", amount: "5000", payee: "家具厂", voucherNo: "记-0302" }, { now });
    const meta = await uploadEvidence(db(), reporter, { expenditureId: id!, fileName: "发票.png", bytes: PNG }, ctx);
    const row = await db().evidence.findUniqueOrThrow({ where: { id: meta.id } });
    expect([row.expenditureId, row.checkInId, row.projectId, row.mimeType]).toEqual([id, null, project.id, "image/png"]);
    const before = await snapshot();
    await expect(uploadEvidence(db(), other, { expenditureId: id!, fileName: "x.png", bytes: PNG }, ctx)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await snapshot()).toEqual(before);
    expect((await db().auditEvent.findFirstOrThrow({ where: { userId: other.id, objectId: id! } })).outcome).toBe("DENIED");
  });
});
