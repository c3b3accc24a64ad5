import { mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import type { Role } from "@/lib/db/generated/enums";

export const SCREENSHOT_DIR = "test-results/screenshots";

// Chromium's own background connections are switched off: these machines have no internet
// (architecture.md), and a test must not depend on it.
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

/** Opens a page and signs in through the login form, as a person would. */
export async function signIn(browser: Browser, role: Role, options: { unitCode?: string; width?: number } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: 900 }, baseURL: inject("baseUrl") });
  const { username, password } = account(role, options.unitCode);
  await page.goto("/login");
  await page.fill("#username", username);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 30_000 });
  return page;
}
