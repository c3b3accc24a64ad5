import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { PEER_HEADER, peerStamp } from "@/app/http/same-origin";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// Refusals that used to leave no trace: an account that must first change its password or enrol
// two-factor, and a listing of another unit's evidence that came back empty. Each is recorded once,
// with the user name and the address. The real app/session.ts runs; only next-auth's session
// lookup and the request headers are stood in for.

const state = vi.hoisted(() => ({ actor: null as Actor | null }));
const db = setupTestDb();
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db/client")>()), db: () => db() }));
vi.mock("@/app/session-cookie", () => ({ sessionCookieActor: async () => state.actor ?? null }));
vi.mock("next/headers", async () => {
  const { peerStamp } = await import("@/app/http/same-origin");
  return { headers: async () => new Headers({ "x-jixiao-peer": peerStamp("192.0.2.77"), "x-pathname": "/api/evaluation/xlsx" }) };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const request = (path: string) => new NextRequest(new URL(path, "http://localhost:3000"), { headers: { host: "localhost:3000", [PEER_HEADER]: peerStamp("192.0.2.77") } });

describe("an account with something pending", () => {
  it("is refused by Route Handlers and Server Actions, and each refusal is recorded once", async () => {
    const { actor } = await makeUser(db(), "ADMIN");
    state.actor = { ...actor, pending: "TOTP_ENROLL" };
    const { GET } = await import("@/app/api/evaluation/xlsx/route");
    const answer = await GET(request("/api/evaluation/xlsx"));
    expect(answer.status).toBe(401);
    const { saveCheckInsAction } = await import("@/app/(app)/progress/actions");
    expect(await saveCheckInsAction(2025, 6, [])).toEqual({ ok: false, message: "请先在“账户安全”页面修改密码或绑定双因素认证。" });
    state.actor = null;

    const records = await db().auditEvent.findMany({ where: { userId: actor.id, action: "access.denied" }, orderBy: { id: "asc" } });
    expect(records.map((r) => [r.objectId, r.outcome, r.ip, r.username, r.detail])).toEqual([
      ["/api/evaluation/xlsx", "DENIED", "192.0.2.77", actor.username, "须先在“账户安全”页面绑定双因素认证（动态验证码）"],
      ["server-action", "DENIED", "192.0.2.77", actor.username, "须先在“账户安全”页面绑定双因素认证（动态验证码）"],
    ]);
  });
});

describe("listing another unit's evidence", () => {
  it("answers 404 like an unknown id, and is recorded as a refusal", async () => {
    const { actor: stranger } = await makeUser(db(), "REPORTER", "309001");
    const { actor: owner } = await makeUser(db(), "REPORTER", "309002");
    const indicator = await db().indicator.findFirstOrThrow({ where: { project: { unit: { code: "309002" } } } });
    const checkIn = await db().checkIn.create({ data: { indicatorId: indicator.id, asOfDate: new Date("2025-06-30"), actualText: "是", createdById: owner.id } });
    const { GET } = await import("@/app/api/evidence/route");
    state.actor = stranger;
    for (const query of [`checkInId=${checkIn.id}`, `indicatorId=${indicator.id}`]) {
      const answer = await GET(request(`/api/evidence?${query}`));
      expect(answer.status, query).toBe(404);
    }
    state.actor = owner;
    expect(await (await GET(request(`/api/evidence?checkInId=${checkIn.id}`))).json()).toEqual({ items: [] });
    state.actor = null;
    const records = await db().auditEvent.findMany({ where: { userId: stranger.id, action: "access.denied" } });
    expect(records.map((r) => [r.objectId, r.ip, r.username])).toEqual([
      ["/api/evidence", "192.0.2.77", stranger.username],
      ["/api/evidence", "192.0.2.77", stranger.username],
    ]);
    expect(await db().auditEvent.count({ where: { userId: owner.id, action: "access.denied" } })).toBe(0);
  });
});
