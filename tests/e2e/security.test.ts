import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { describe, expect, inject, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { createPrismaClient } from "@/lib/db/client";
import { totpCode } from "@/lib/security/totp";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";

const browser = setupBrowser();
const shot = (name: string) => ({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });

/** A fresh leader account (no two-factor) of the seeded department, with its password. */
async function freshLeader(): Promise<{ username: string; password: string }> {
  const username = `leader_${randomBytes(3).toString("hex")}`;
  const password = "Ledger#2031-Leader";
  const db = createPrismaClient(inject("appDatabaseUrl"), 1);
  try {
    const department = await db.department.findFirstOrThrow();
    await db.user.create({ data: { username, displayName: "新领导", passwordHash: await hashPassword(password), role: "LEADER", departmentId: department.id } });
  } finally {
    await db.$disconnect();
  }
  return { username, password };
}

/** A fresh page signed in through the login form (from /login, or /login?callbackUrl=…), once it has left the login page. */
async function signInWith(account: { username: string; password: string }, options: { width?: number; path?: string } = {}) {
  const page = await browser().newPage({ baseURL: inject("baseUrl"), viewport: { width: options.width ?? 1280, height: 900 } });
  await page.goto(options.path ?? "/login");
  await page.fill("#username", account.username);
  await page.fill("#password", account.password);
  await page.click("button[type=submit]");
  await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 30_000 });
  return page;
}

/** One raw HTTP request from a given local address (127.0.0.0/8 is all loopback), with whatever headers we like. */
function rawRequest(path: string, options: { method?: string; from: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(path, inject("baseUrl"));
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? "GET", localAddress: options.from, headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

async function auditRecords(where: { action: string; username?: string; ip?: string }) {
  const db = createPrismaClient(inject("appDatabaseUrl"), 1);
  try {
    return await db.auditEvent.findMany({ where, orderBy: { id: "asc" } });
  } finally {
    await db.$disconnect();
  }
}

describe.runIf(hasChromium())("sign-in policy and hardening", () => {
  it("a new auditor must enrol two-factor before anything else, then signs in with a code", async () => {
    const username = `auditor_${randomBytes(3).toString("hex")}`;
    const password = "Audit#Trail-2031x";
    const db = createPrismaClient(inject("appDatabaseUrl"), 1);
    const department = await db.department.findFirstOrThrow();
    await db.user.create({ data: { username, displayName: "新审计员", passwordHash: await hashPassword(password), role: "AUDITOR", departmentId: department.id } });
    await db.$disconnect();

    const page = await browser().newPage({ baseURL: inject("baseUrl"), viewport: { width: 1280, height: 900 } });
    await page.goto("/login");
    await page.fill("#username", username);
    await page.fill("#password", password);
    await page.click("button[type=submit]");
    await page.waitForURL((u) => u.pathname === "/account");
    expect(await page.getByRole("alert").first().textContent()).toContain("必须使用双因素认证");
    expect((await page.goto("/audit"))?.url()).toMatch(/\/account$/); // nothing else until enrolled
    await page.getByRole("button", { name: "开始绑定" }).click();
    const secret = (await page.locator("#totp-secret").textContent())!.replace(/\s/g, "");
    await page.screenshot(shot("security-totp-enrol"));
    await page.fill("#totp-code", "000000");
    await page.getByRole("button", { name: "确认绑定" }).click();
    await expect.poll(() => page.locator("#totp-message").textContent()).toBe("验证码不正确");
    await page.fill("#totp-code", totpCode(secret, new Date()));
    await page.getByRole("button", { name: "确认绑定" }).click();
    await expect.poll(() => page.locator("#totp-status").count(), { timeout: 15_000 }).toBe(1);
    expect((await page.goto("/audit"))?.status()).toBe(200);
    await page.close();

    // Next time the password alone is not enough.
    const again = await browser().newPage({ baseURL: inject("baseUrl") });
    await again.goto("/login");
    await again.fill("#username", username);
    await again.fill("#password", password);
    await again.click("button[type=submit]");
    await again.locator("#totp").waitFor();
    expect(await again.locator("#login-message").textContent()).toContain("6 位动态验证码");
    await again.screenshot(shot("security-login-totp"));
    await again.fill("#totp", totpCode(secret, new Date(Date.now() + 30_000))); // the next step: this one was used to enrol
    await again.click("button[type=submit]");
    await again.waitForURL((u) => u.pathname === "/audit");
    await again.close();
  });

  it("a copied session cookie is refused after sign-out: no page, no download, no renewal", async () => {
    const account = await freshLeader();
    const page = await signInWith(account);
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    const copied = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const base = inject("baseUrl");
    expect((await fetch(`${base}/dashboard`, { headers: { cookie: copied }, redirect: "manual" })).status).toBe(200);

    await page.getByRole("button", { name: "退出" }).click();
    await page.waitForURL((u) => u.pathname === "/login");
    await page.close();

    const dashboard = await fetch(`${base}/dashboard`, { headers: { cookie: copied }, redirect: "manual" });
    expect(dashboard.status).toBe(307);
    expect(new URL(dashboard.headers.get("location")!, base).pathname).toBe("/login");
    const download = await fetch(`${base}/api/evaluation/xlsx`, { headers: { cookie: copied }, redirect: "manual" });
    expect(download.status).toBe(401);
    // Nothing hands the copy a fresh cookie.
    for (const answer of [dashboard, download]) expect(answer.headers.getSetCookie().filter((c) => /session-token=ey/.test(c))).toEqual([]);
    expect(await auditRecords({ action: "auth.logout", username: account.username })).toEqual([expect.objectContaining({ ip: "127.0.0.1", outcome: "SUCCESS" })]);
  });

  it("the audit address is the TCP peer's: a forged X-Forwarded-For neither names it nor escapes the per-address sign-in limit", async () => {
    const forged = `9.9.9.9, ${"x".repeat(290)}`;
    // A cross-site write, refused by proxy.ts and recorded.
    const refused = await rawRequest("/api/evidence", { method: "POST", from: "127.0.0.2", headers: { Origin: "https://evil.example", "X-Forwarded-For": forged, "Content-Type": "text/plain" }, body: "x" });
    expect(refused.status).toBe(403);
    expect((await auditRecords({ action: "access.denied", ip: "127.0.0.2" })).map((r) => r.detail)).toEqual(["拒绝跨站请求：POST，来源 https://evil.example"]);
    expect(await auditRecords({ action: "access.denied", ip: forged })).toEqual([]);

    // A sign-in from 127.0.0.3 claiming to come from elsewhere: recorded under 127.0.0.3.
    const signIn = async (from: string, username: string) => {
      const csrf = await rawRequest("/api/auth/csrf", { from });
      const cookie = ([] as string[]).concat(csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
      const body = new URLSearchParams({ csrfToken: (JSON.parse(csrf.body) as { csrfToken: string }).csrfToken, username, password: "Wrong#Guess-2031", json: "true" }).toString();
      const answer = await rawRequest("/api/auth/callback/credentials", { method: "POST", from, headers: { Origin: inject("baseUrl"), Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": `${randomBytes(1)[0]}.1.2.3` }, body });
      return new URL((JSON.parse(answer.body) as { url: string }).url).searchParams.get("error");
    };
    const name = `nobody_${randomBytes(3).toString("hex")}`;
    expect(await signIn("127.0.0.3", name)).toBe("INVALID");
    expect((await auditRecords({ action: "auth.login", username: name })).map((r) => [r.ip, r.outcome])).toEqual([["127.0.0.3", "FAILURE"]]);

    // An address at its limit stays limited whatever X-Forwarded-For it sends next.
    const db = createPrismaClient(inject("appDatabaseUrl"), 1);
    try {
      await db.rateLimit.create({ data: { key: "login:ip:127.0.0.4", windowStart: new Date(), count: 100 } });
      const other = `nobody_${randomBytes(3).toString("hex")}`;
      expect(await signIn("127.0.0.4", other)).toBe("RATE_LIMITED");
      expect((await auditRecords({ action: "auth.login", username: other })).map((r) => [r.ip, r.outcome])).toEqual([["127.0.0.4", "DENIED"]]);
    } finally {
      await db.rateLimit.deleteMany({ where: { key: "login:ip:127.0.0.4" } });
      await db.$disconnect();
    }
  });

  it("after sign-in, a callbackUrl pointing elsewhere (/\\host, /%09/host) keeps the browser on the app", async () => {
    const base = inject("baseUrl");
    for (const callbackUrl of ["/%5Cevil.example/x", "/%09/evil.example/x"]) {
      const page = await signInWith(await freshLeader(), { path: `/login?callbackUrl=${callbackUrl}` });
      expect(new URL(page.url()).origin, callbackUrl).toBe(new URL(base).origin);
      await page.close();
    }
  });

  it("修改密码 with wrong current passwords: counted, then the account is locked and the session ends", async () => {
    const account = await freshLeader();
    for (const width of [1280, 375]) {
      const page = await signInWith(account, { width });
      await page.goto("/account");
      const wrong = async (n: number) => {
        await page.fill("#currentPassword", `Guess#${width}-${n}x`);
        await page.fill("#newPassword", "Aa1!Aa1!");
        await page.fill("#confirmPassword", "Aa1!Aa1!");
        await page.getByRole("button", { name: "修改密码" }).click();
      };
      // One wrong guess on the wide screen; the successful sign-in on the phone starts the count
      // again, and there the fifth locks.
      for (const n of width === 1280 ? [1] : [1, 2, 3, 4, 5]) {
        await wrong(n);
        await expect.poll(() => page.locator("#password-message").textContent()).toContain(n < 5 ? `当前密码不正确。再输错 ${5 - n} 次` : "当前密码连续输错 5 次，账户已锁定 30 分钟，本次会话已结束");
        if (n === 1) await page.screenshot(shot(`security-change-password-wrong-${width}`));
      }
      if (width === 375) {
        await page.screenshot(shot("security-change-password-locked-375"));
        expect((await page.goto("/dashboard"))?.url()).toMatch(/\/login/);
      }
      await page.close();
    }
  });

  it("the security officer keeps the policy at level 3, and the pages carry the hardening headers", async () => {
    const page = await signIn(browser(), "SECURITY_OFFICER");
    await page.goto("/security/policy");
    await page.fill("#minLength", "6");
    await page.getByRole("button", { name: "保存策略" }).click();
    await expect.poll(() => page.locator("#minLength-error").textContent()).toContain("8");
    await page.screenshot(shot("security-policy-refused"));
    await page.fill("#minLength", "10");
    await page.getByRole("button", { name: "保存策略" }).click();
    await expect.poll(() => page.locator("#policy-message").textContent()).toBe("已保存。");
    await page.fill("#minLength", "12"); // back to the default, for the other tests
    await page.getByRole("button", { name: "保存策略" }).click();
    await expect.poll(() => page.locator("#policy-message").textContent()).toBe("已保存。");

    const response = await page.goto("/security/users");
    const headers = response!.headers();
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name.endsWith("next-auth.session-token"))).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    await page.screenshot(shot("security-users"));

    // Mutations from elsewhere, or with no Origin at all, are refused before reaching the app.
    const base = inject("baseUrl");
    for (const origin of ["https://evil.example", "null", undefined]) {
      const answer = await fetch(`${base}/api/evidence`, { method: "POST", headers: origin ? { Origin: origin } : {}, body: "x" });
      expect(answer.status, String(origin)).toBe(403);
    }
    await page.close();
  });
});
