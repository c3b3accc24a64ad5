import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { authenticate } from "@/lib/auth/login";
import { revokeSessions } from "@/lib/auth/revoke";
import { PEER_HEADER, peerStamp } from "@/app/http/same-origin";
import { LIMITS } from "@/lib/security/rate-limit";
import { proxy } from "@/proxy";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// proxy.ts called in-process, as Next.js calls it for every request: session renewal, the page CSP,
// cross-site refusals and their records. The peer address is the one app/http/peer-stamp.ts puts on
// every request (PEER_HEADER).

const db = setupTestDb();
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db/client")>()), db: () => db() }));

const SECRET = "proxy-test-secret-0123456789abcdef0123456789";
const COOKIE = "next-auth.session-token";
const PEER = PEER_HEADER;
beforeAll(() => {
  process.env.NEXTAUTH_SECRET = SECRET;
});
afterEach(() => vi.useRealTimers());

/** A session cookie as next-auth writes it, issued `ageMs` ago for a sign-in `signedInMs` ago. */
async function cookieFor(user: { id: string; username: string; sessionVersion: number }, options: { ageMs?: number; signedInMs?: number } = {}): Promise<string> {
  const now = Date.now();
  vi.useFakeTimers({ toFake: ["Date"], now: now - (options.ageMs ?? 120_000) });
  const jwt = await encode({ secret: SECRET, maxAge: 30 * 60, token: { sub: user.id, name: "测试", uid: user.id, username: user.username, sv: user.sessionVersion, authTime: now - (options.signedInMs ?? 120_000) } });
  vi.useRealTimers();
  return `${COOKIE}=${jwt}`;
}

const request = (path: string, init: { method?: string; cookie?: string; origin?: string | null; headers?: Record<string, string> } = {}) =>
  new NextRequest(new URL(path, "http://localhost:3000"), {
    method: init.method ?? "GET",
    headers: { host: "localhost:3000", [PEER]: peerStamp("203.0.113.7"), ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.origin ? { origin: init.origin } : {}), ...init.headers },
  });

/** The session cookie the answer sets: its new value ("" when cleared), or null when it leaves it alone. */
const setCookie = (response: Response) => {
  const line = response.headers.getSetCookie().find((l) => l.startsWith(`${COOKIE}=`));
  return line === undefined ? null : line.slice(COOKIE.length + 1).split(";")[0]!;
};

async function signedIn() {
  const { actor, password } = await makeUser(db(), "LEADER");
  const login = await authenticate(db(), { username: actor.username, password });
  if (!login.ok) throw new Error("login");
  return { actor, user: { id: actor.id, username: actor.username, sessionVersion: login.actor.sessionVersion } };
}

describe("session renewal", () => {
  it("renews a session that still holds", async () => {
    const { user } = await signedIn();
    const response = await proxy(request("/dashboard", { cookie: await cookieFor(user) }));
    expect(response.status).toBe(200);
    expect(setCookie(response)).toMatch(/^ey/);
  });

  it("never renews a token after sign-out (or any revocation): the cookie is cleared and the page sends to the login page", async () => {
    const { user } = await signedIn();
    const cookie = await cookieFor(user);
    await db().$transaction((tx) => revokeSessions(tx, user.id));
    const page = await proxy(request("/dashboard", { cookie }));
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toBe("http://localhost:3000/login?callbackUrl=%2Fdashboard&expired=1");
    expect(setCookie(page)).toBe("");
    const api = await proxy(request("/api/evaluation/xlsx", { cookie }));
    expect([api.status, setCookie(api), (await api.json()).message]).toEqual([401, "", "会话已过期，请重新登录。"]);
  });

  it("never renews a token past the absolute limit, however recently it was used", async () => {
    const { user } = await signedIn();
    const response = await proxy(request("/dashboard", { cookie: await cookieFor(user, { signedInMs: 13 * 3_600_000 }) }));
    expect([response.status, setCookie(response)]).toEqual([307, ""]);
  });

  it("leaves a fresh token alone (checked by the page itself) and renews nothing on the sign-in and sign-out routes", async () => {
    const { user } = await signedIn();
    expect(setCookie(await proxy(request("/dashboard", { cookie: await cookieFor(user, { ageMs: 5_000 }) })))).toBeNull();
    expect(setCookie(await proxy(request("/api/auth/signout", { method: "POST", origin: "http://localhost:3000", cookie: await cookieFor(user) })))).toBeNull();
  });
});

describe("content security policy", () => {
  it("gives pages the nonce policy and leaves Route Handlers' own (the evidence download's sandbox) in place", async () => {
    const { user } = await signedIn();
    const cookie = await cookieFor(user, { ageMs: 5_000 });
    expect((await proxy(request("/dashboard", { cookie }))).headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect((await proxy(request("/api/evidence/00000000-0000-4000-8000-000000000000", { cookie }))).headers.get("content-security-policy")).toBeNull();
  });
});

describe("cross-site requests", () => {
  it("are refused when the Origin's scheme, host or port differs from the app's, whatever X-Forwarded-Host says, and each refusal is recorded with the peer's address", async () => {
    const { user } = await signedIn();
    const cookie = await cookieFor(user, { ageMs: 5_000 });
    const before = await db().auditEvent.count({ where: { action: "access.denied" } });
    const refused = [
      { origin: "http://evil.example" },
      { origin: "https://localhost:3000" },
      { origin: "http://localhost:3001" },
      { origin: "http://evil.example", headers: { host: "evil.example", "x-forwarded-host": "evil.example" } },
      { origin: null },
      { origin: "null" },
    ];
    for (const r of refused) {
      const response = await proxy(request("/api/evidence", { method: "POST", cookie, origin: r.origin, headers: { "x-forwarded-for": "6.6.6.6", ...r.headers } }));
      expect([response.status, (await response.json()).message], JSON.stringify(r)).toEqual([403, "拒绝跨站请求。"]);
    }
    const records = await db().auditEvent.findMany({ where: { action: "access.denied" }, orderBy: { id: "asc" }, skip: before });
    expect(records).toHaveLength(refused.length);
    expect(records.every((r) => r.ip === "203.0.113.7" && r.username === user.username && r.objectId === "/api/evidence" && r.outcome === "DENIED")).toBe(true);
    expect(records[0]!.detail).toBe("拒绝跨站请求：POST，来源 http://evil.example");
    expect(records[4]!.detail).toBe("拒绝跨站请求：POST，来源 （未提供 Origin）");
    // The app's own origin passes, whatever X-Forwarded-Host claims.
    expect((await proxy(request("/api/evidence", { method: "POST", cookie, origin: "http://localhost:3000", headers: { "x-forwarded-host": "evil.example" } }))).status).toBe(200);
  });

  it("are recorded up to the cap per address, then once more to say the rest goes unrecorded", async () => {
    const peer = "203.0.113.99";
    const { max } = LIMITS.refusalRecordsPerIp;
    for (let i = 0; i < max + 10; i++) {
      const response = await proxy(new NextRequest("http://localhost:3000/api/check-ins", { method: "POST", headers: { host: "localhost:3000", origin: "http://evil.example", [PEER]: peerStamp(peer) } }));
      expect(response.status).toBe(403);
    }
    const records = await db().auditEvent.findMany({ where: { ip: peer }, orderBy: { id: "asc" } });
    expect(records).toHaveLength(max + 1);
    expect(records.at(-1)!.detail).toMatch(/此地址 60 秒内被拒绝的请求已超过 60 次，本时段内不再逐条记录$/);
    expect(records.every((r) => r.username === null && r.action === "access.denied")).toBe(true);
  });
});

describe("operations endpoints", () => {
  it("let the proxy and the monitoring through without a session, even while the database is away, and only for reading", async () => {
    const state = (globalThis as unknown as { jixiaoHealth: { up: boolean } }).jixiaoHealth;
    for (const up of [true, false]) {
      state.up = up;
      for (const path of ["/api/health", "/api/health/live", "/metrics"]) {
        const response = await proxy(request(path));
        expect([path, up, response.status, response.headers.get("x-middleware-next"), response.headers.get("location")]).toEqual([path, up, 200, "1", null]);
      }
    }
    state.up = true;
    // Anything else still needs a session; a write to them is still a cross-site request.
    expect((await proxy(request("/api/health/other"))).status).toBe(401);
    expect((await proxy(request("/metrics", { method: "POST", origin: "http://evil.example" }))).status).toBe(403);
    expect((await proxy(request("/metricsx"))).headers.get("location")).toContain("/login");
  });
});
