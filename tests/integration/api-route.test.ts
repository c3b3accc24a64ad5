import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { apiRoute } from "@/app/api-route";
import { PEER_HEADER, peerStamp } from "@/app/http/same-origin";
import { auditRefusal } from "@/lib/audit/denied";
import type { Actor } from "@/lib/auth/roles";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { lastAuditId } from "../support/fuzz-db";

// The one opening of every Route Handler (app/api-route.ts), on routes made here for the purpose:
// each refusal answered with its status and Chinese message, recorded on the real audit trail exactly
// once (or not at all, where proxy.ts records it or nothing was refused), and the handler never run.
// The real app/session.ts runs; only the session cookie (app/session-cookie.ts) and the request headers are stood in for.

const state = vi.hoisted(() => ({ actor: null as Actor | null, headers: null as Headers | null }));
const db = setupTestDb();
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db/client")>()), db: () => db() }));
vi.mock("@/app/session-cookie", () => ({ sessionCookieActor: async () => state.actor ?? null }));
vi.mock("next/headers", () => ({ headers: async () => state.headers ?? new Headers() }));

const ORIGIN = "http://localhost:3000";
const PEER = "192.0.2.61";

/** A request as the browser sends it (same origin, stamped peer, declared length), and the headers app/session.ts reads. */
function request(method: string, path: string, options: { origin?: string | null; body?: BodyInit; type?: string; length?: string | null } = {}): NextRequest {
  const headers: Record<string, string> = { host: "localhost:3000", [PEER_HEADER]: peerStamp(PEER) };
  if (options.origin !== null) headers.origin = options.origin ?? ORIGIN;
  if (options.type) headers["content-type"] = options.type;
  if (options.body !== undefined && options.length !== null) headers["content-length"] = options.length ?? String(typeof options.body === "string" ? Buffer.byteLength(options.body) : (options.body as Uint8Array).byteLength);
  state.headers = new Headers({ ...headers, "x-pathname": new URL(path, ORIGIN).pathname });
  return new NextRequest(new URL(path, ORIGIN), { method, headers, ...(options.body !== undefined ? { body: options.body } : {}) });
}
const json = (value: unknown) => ({ body: JSON.stringify(value), type: "application/json" });
async function multipart(fields: [string, string | File][]): Promise<{ body: Uint8Array<ArrayBuffer>; type: string }> {
  const encoded = new Response(fields.reduce((form, [k, v]) => (form.append(k, v), form), new FormData()));
  return { body: new Uint8Array(await encoded.arrayBuffer()), type: encoded.headers.get("content-type")! };
}

let ran = 0;
const ok = () => {
  ran++;
  return Response.json({ ok: true });
};
const schema = z.object({ name: z.string().min(1, "请填写名称"), amount: z.number({ message: "金额应为数字" }) });
const routes = {
  plain: apiRoute({}, ok),
  adminOnly: apiRoute({ heavy: true, may: "account.template" }, ok),
  upload: apiRoute({ heavy: true, maxBytes: 1024 * 1024, body: "form" }, ({ body }) => {
    ran++;
    return Response.json({ file: (body.get("file") as File).name });
  }),
  api: apiRoute({ maxBytes: 1024, tooLarge: "请求过大：上限 1 KB。", body: schema, fieldErrors: "errors" }, ({ body }) => {
    ran++;
    return Response.json(body);
  }),
  whole: apiRoute({ body: z.unknown().refine((v) => Array.isArray(v), "请求格式有误：应为列表。") }, ok),
  throws: apiRoute({ fallback: "导出失败，请稍后重试。", fieldErrors: "fieldErrors" }, ({ search }) => {
    ran++;
    const code = search.get("code");
    if (code === "boom") throw new Error("disk on fire");
    if (code === "FORBIDDEN") throw forbidden("不能看别的单位。");
    if (code === "NOT_FOUND") throw notFound("项目");
    throw new AppError(code as "VALIDATION", `错误 ${code}`, code === "VALIDATION" ? { name: "请填写名称" } : {});
  }),
  libRecorded: apiRoute({}, async ({ actor, ip }) => {
    const error = forbidden("不能删除他单位的佐证材料。");
    await auditRefusal(db(), { actor, ip, action: "evidence.delete", objectType: "Evidence", objectId: "e-1", detail: error.message }, error);
    throw error;
  }),
  publicOne: apiRoute({ session: false }, ({ actor, params }) => Response.json({ actor, params })),
};

let admin: Actor;
let reporter: Actor;
beforeAll(async () => {
  admin = (await makeUser(db(), "ADMIN")).actor;
  reporter = (await makeUser(db(), "REPORTER", "309001")).actor;
});
afterEach(() => {
  state.actor = null;
  ran = 0;
});

/** Calls a route and returns its status, body and the audit records it left. */
async function call(route: (r: Request, c?: { params?: Promise<Record<string, string>> }) => Promise<Response>, req: Request, params?: Record<string, string>) {
  const since = await lastAuditId(db());
  const response = await route(req, params ? { params: Promise.resolve(params) } : undefined);
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  const records = await db().auditEvent.findMany({ where: { id: { gt: since } }, orderBy: { id: "asc" } });
  return { status: response.status, body, headers: response.headers, records };
}

describe("apiRoute's opening", () => {
  it("refuses a mutation from another origin, or with none, before anything else (proxy.ts records it), and lets reads through", async () => {
    state.actor = admin;
    for (const origin of [null, "null", "http://evil.example", "https://localhost:3000", "http://localhost:3001"]) {
      const answer = await call(routes.plain, request("POST", "/api/t", { origin }));
      expect([answer.status, answer.body, answer.records.length], String(origin)).toEqual([403, { message: "拒绝跨站请求。" }, 0]);
    }
    for (const method of ["PUT", "PATCH", "DELETE"]) expect((await call(routes.plain, request(method, "/api/t", { origin: "http://evil.example" }))).status).toBe(403);
    expect(ran).toBe(0);
    expect((await call(routes.plain, request("GET", "/api/t", { origin: "http://evil.example" }))).status).toBe(200);
    expect((await call(routes.plain, request("POST", "/api/t"))).status).toBe(200);
  });

  it("answers 401 without a session, and records a pending password change once", async () => {
    const answer = await call(routes.plain, request("GET", "/api/t"));
    expect([answer.status, answer.body, answer.records.length]).toEqual([401, { message: "会话已过期，请重新登录。" }, 0]);
    state.actor = { ...reporter, pending: "PASSWORD_EXPIRED" };
    const pending = await call(routes.plain, request("GET", "/api/pending"));
    expect([pending.status, pending.body]).toEqual([401, { message: "会话已过期，请重新登录。" }]);
    expect(pending.records.map((r) => [r.action, r.outcome, r.userId, r.objectId, r.ip, r.detail])).toEqual([["access.denied", "DENIED", reporter.id, "/api/pending", PEER, "密码已过期，须先在“账户安全”页面修改密码"]]);
    expect(ran).toBe(0);
  });

  it("refuses the wrong role with its message, recorded once with who, which route and from where", async () => {
    state.actor = reporter;
    const answer = await call(routes.adminOnly, request("GET", "/api/admin-only?x=1"));
    expect([answer.status, answer.body]).toEqual([403, { message: "只有系统管理员可以下载账户模板。" }]);
    expect(answer.records.map((r) => [r.action, r.outcome, r.userId, r.username, r.objectId, r.ip, r.detail])).toEqual([["access.denied", "DENIED", reporter.id, reporter.username, "/api/admin-only", PEER, "只有系统管理员可以下载账户模板。"]]);
    expect(ran).toBe(0);
    state.actor = admin;
    expect((await call(routes.adminOnly, request("GET", "/api/admin-only"))).status).toBe(200);
  });

  it("refuses a heavy request over the account's limit with 429 and Retry-After, recorded once", async () => {
    state.actor = admin;
    await db().rateLimit.upsert({ where: { key: `heavy:user:${admin.id}` }, create: { key: `heavy:user:${admin.id}`, windowStart: new Date(), count: 120 }, update: { windowStart: new Date(), count: 120 } });
    const answer = await call(routes.adminOnly, request("GET", "/api/heavy"));
    expect(answer.status).toBe(429);
    expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(answer.body?.message).toMatch(/^操作过于频繁，请 \d+ 秒后再试。$/);
    expect(answer.records.map((r) => [r.action, r.userId, r.objectId, r.detail])).toEqual([["access.denied", admin.id, "/api/heavy", answer.body?.message]]);
    expect(ran).toBe(0);
    await db().rateLimit.delete({ where: { key: `heavy:user:${admin.id}` } });
  });

  it("refuses an upload by its declared length before reading it: 411 without one, 413 over the file's limit plus the envelope", async () => {
    state.actor = reporter;
    const small = await multipart([["file", new File([new Uint8Array(10)], "扫描件.pdf")]]);
    const missing = await call(routes.upload, request("POST", "/api/upload", { ...small, length: null }));
    expect([missing.status, missing.body]).toEqual([411, { message: "请求缺少长度信息，请用页面上的表单上传。" }]);
    const over = await call(routes.upload, request("POST", "/api/upload", { ...small, length: String(3 * 1024 * 1024) }));
    expect([over.status, over.body]).toEqual([413, { message: "文件过大：上限 1 MB，本次约 3.0 MB。" }]);
    // A file exactly at the limit passes: the multipart envelope has its own room.
    const atLimit = await multipart([["file", new File([new Uint8Array(1024 * 1024)], "整好.pdf")]]);
    const fine = await call(routes.upload, request("POST", "/api/upload", atLimit));
    expect([fine.status, fine.body]).toEqual([200, { file: "整好.pdf" }]);
    const garbage = await call(routes.upload, request("POST", "/api/upload", { body: "not a form", type: "multipart/form-data; boundary=zzz" }));
    expect([garbage.status, garbage.body]).toEqual([400, { message: "无法读取上传的内容，请重新选择文件。" }]);
    expect(ran).toBe(1);
    expect([missing, over, garbage].flatMap((a) => a.records)).toEqual([]);
  });

  it("refuses an oversize, unreadable or wrongly shaped JSON body with the schema's Chinese messages, writing nothing", async () => {
    state.actor = reporter;
    const big = await call(routes.api, request("POST", "/api/json", json({ name: "x".repeat(2000), amount: 1 })));
    expect([big.status, big.body]).toEqual([413, { message: "请求过大：上限 1 KB。" }]);
    const broken = await call(routes.api, request("POST", "/api/json", { body: "{name: 1", type: "application/json" }));
    expect([broken.status, broken.body]).toEqual([400, { message: "请求内容不是有效的 JSON。" }]);
    const wrong = await call(routes.api, request("POST", "/api/json", json({ name: "", amount: "一百" })));
    expect([wrong.status, wrong.body]).toEqual([422, { message: "输入有误，请按提示修改。", errors: { name: "请填写名称", amount: "金额应为数字" } }]);
    const whole = await call(routes.whole, request("POST", "/api/whole", json({ rows: 1 })));
    expect([whole.status, whole.body]).toEqual([422, { message: "请求格式有误：应为列表。" }]);
    expect(ran).toBe(0);
    const right = await call(routes.api, request("POST", "/api/json", json({ name: "服务器", amount: 3, extra: "dropped" })));
    expect([right.status, right.body]).toEqual([200, { name: "服务器", amount: 3 }]);
    expect([big, broken, wrong, whole, right].flatMap((a) => a.records)).toEqual([]);
  });
});

describe("apiRoute's error table", () => {
  it("answers lib/'s errors by STATUS, with field errors where the route asks, and records only the refusals, once each", async () => {
    state.actor = reporter;
    const cases: [string, number, object, number][] = [
      ["VALIDATION", 422, { message: "错误 VALIDATION", fieldErrors: { name: "请填写名称" } }, 0],
      ["CONFLICT", 409, { message: "错误 CONFLICT" }, 0],
      ["TOO_LARGE", 413, { message: "错误 TOO_LARGE" }, 0],
      ["FORBIDDEN", 403, { message: "不能看别的单位。" }, 1],
      ["NOT_FOUND", 404, { message: "项目不存在，或您无权查看。" }, 1],
    ];
    for (const [code, status, body, recorded] of cases) {
      const answer = await call(routes.throws, request("GET", `/api/throws?code=${code}`));
      expect([answer.status, answer.body, answer.headers.get("cache-control")], code).toEqual([status, body, "private, no-store"]);
      expect(answer.records.length, code).toBe(recorded);
      for (const r of answer.records) expect([r.action, r.outcome, r.userId, r.objectId, r.ip]).toEqual(["access.denied", "DENIED", reporter.id, "/api/throws", PEER]);
    }
    const notFoundRecord = (await call(routes.throws, request("GET", "/api/throws?code=NOT_FOUND"))).records[0];
    expect(notFoundRecord?.detail).toBe("对象不存在或不在权限范围内：项目不存在，或您无权查看。");
  });

  it("adds nothing to a refusal lib/ already recorded under its own event: one refusal, one record", async () => {
    state.actor = reporter;
    const answer = await call(routes.libRecorded, request("DELETE", "/api/evidence/e-1"));
    expect([answer.status, answer.body]).toEqual([403, { message: "不能删除他单位的佐证材料。" }]);
    expect(answer.records.map((r) => [r.action, r.outcome, r.objectType, r.objectId, r.ip])).toEqual([["evidence.delete", "DENIED", "Evidence", "e-1", PEER]]);
  });

  it("logs anything else with the method and path and answers 500 with the route's own message, no details", async () => {
    state.actor = reporter;
    const logged: unknown[][] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args));
    try {
      const answer = await call(routes.throws, request("GET", "/api/throws?code=boom"));
      expect([answer.status, answer.body, answer.records.length]).toEqual([500, { message: "导出失败，请稍后重试。" }, 0]);
      expect(logged.map((args) => [args[0], (args[1] as Error).message])).toEqual([["GET /api/throws", "disk on fire"]]);
    } finally {
      spy.mockRestore();
    }
  });

  it("runs a public route without a session and hands every handler its dynamic segments", async () => {
    const answer = await call(routes.publicOne, request("GET", "/api/public/a/b"), { id: "a" });
    expect([answer.status, answer.body]).toEqual([200, { actor: null, params: { id: "a" } }]);
  });
});
