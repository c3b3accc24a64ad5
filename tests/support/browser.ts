import { mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { lockoutKey } from "@/lib/security/lockout";
import { totpCode, totpStep } from "@/lib/security/totp";

export const SCREENSHOT_DIR = "test-results/screenshots";

// Chromium's own background connections are switched off: these machines have no internet
// (docs/architecture.md), and a test must not depend on it.
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** A Chromium for this file (or null when none is installed and CI is not set: the e2e tests skip). */
export function setupBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    browser = await chromium.launch({ executablePath: inject("chromiumPath"), args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

export const hasChromium = () => inject("chromiumPath") !== "";

export function account(role: Role, unitCode?: string) {
  const found = inject("accounts").find((a) => a.role === role && (!unitCode || a.username.endsWith(unitCode)));
  if (!found) throw new Error(`no demo account for ${role} ${unitCode ?? ""}`);
  return found;
}

/**
 * The next code a person's authenticator would show that the server has not seen yet: codes are
 * single-use (replay protection), and several test files sign in as the same person, so take the
 * step after the last one used when it is within the server's ±1 step window, else wait for it.
 */
export async function nextTotpCode(username: string): Promise<string> {
  const secret = inject("totpSecrets")[username];
  if (!secret) throw new Error(`no TOTP secret for ${username}`);
  const user = await withAppDb((db) => db.user.findUniqueOrThrow({ where: { username }, select: { totpLastStep: true } }));
  const last = user.totpLastStep === null ? -1 : Number(user.totpLastStep);
  let now = totpStep(new Date());
  while (last + 1 > now + 1) {
    await new Promise((r) => setTimeout(r, 1_000));
    now = totpStep(new Date());
  }
  return totpCode(secret, new Date(Math.max(now, last + 1) * 30_000));
}

/** One short connection to the app's database, for what a test must read or reset there. */
async function withAppDb<T>(work: (db: ReturnType<typeof createPrismaClient>) => Promise<T>): Promise<T> {
  const db = createPrismaClient(inject("appDatabaseUrl"), 1);
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

/**
 * Forgets the login rate-limit windows of this person and of the test's own address. The suite
 * signs in as the same few demo people well over the per-account limit (20 in 5 minutes) from
 * one address, which no real person does; the limits themselves are tested on other addresses
 * (tests/e2e/security.test.ts, tests/integration/security.test.ts).
 */
async function forgetLoginWindows(username: string): Promise<void> {
  const keys = [`login:${lockoutKey(username)}`, "login:ip:127.0.0.1", "login:ip:::ffff:127.0.0.1"];
  await withAppDb((db) => db.rateLimit.deleteMany({ where: { key: { in: keys } } }));
}

/** Opens a page and signs in through the login form, as a person would (with the dynamic code when asked). */
export async function signIn(browser: Browser, role: Role, options: { unitCode?: string; width?: number; scale?: number } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: 900 }, deviceScaleFactor: options.scale, baseURL: inject("baseUrl") });
  const { username, password } = account(role, options.unitCode);
  await forgetLoginWindows(username);
  await page.goto("/login");
  await page.fill("#username", username);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.waitForFunction(() => !location.pathname.startsWith("/login") || document.querySelector("#totp") !== null, null, { timeout: 30_000 });
  if (new URL(page.url()).pathname.startsWith("/login")) {
    await page.fill("#totp", await nextTotpCode(username));
    await page.click("button[type=submit]");
  }
  await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 30_000 });
  return page;
}
