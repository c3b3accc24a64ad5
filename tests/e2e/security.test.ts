import { randomBytes } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { createPrismaClient } from "@/lib/db/client";
import { totpCode } from "@/lib/security/totp";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";

const browser = setupBrowser();
const shot = (name: string) => ({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });

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
    expect(await again.locator("#login-error").textContent()).toContain("6 位动态验证码");
    await again.screenshot(shot("security-login-totp"));
    await again.fill("#totp", totpCode(secret, new Date(Date.now() + 30_000))); // the next step: this one was used to enrol
    await again.click("button[type=submit]");
    await again.waitForURL((u) => u.pathname === "/audit");
    await again.close();
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
    await page.fill("#minLength", "8");
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
