import { isValidElement, type ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import LoginPage from "@/app/login/page";
import { LoginForm } from "@/components/login-form";
import { setupTestDb } from "../support/db";

// The login page as Next.js renders it for /login?callbackUrl=…: the address the form sends the
// browser to after a normal sign-in (window.location.assign) must be on the app's own origin.

const db = setupTestDb();
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db/client")>()), db: () => db() }));
vi.mock("@/app/session", () => ({ currentActor: async () => null }));

function formCallback(node: ReactNode): string | undefined {
  if (!isValidElement<{ children?: ReactNode; callbackUrl?: string }>(node)) return Array.isArray(node) ? node.map(formCallback).find((c) => c !== undefined) : undefined;
  if (node.type === LoginForm) return node.props.callbackUrl;
  return formCallback(node.props.children);
}

const rendered = async (callbackUrl: string) => formCallback(await LoginPage({ searchParams: Promise.resolve({ callbackUrl }) }));

describe("the login page's callbackUrl", () => {
  // Next.js hands the page the decoded value: /login?callbackUrl=/%5Cevil.example/x gives "/\evil.example/x".
  it.each(["/\\evil.example/x", "/\t/evil.example/x", "//evil.example/x", "https://evil.example/x", "/.//evil.example/x"])("never leaves the app for %j", async (value) => {
    const target = await rendered(value);
    expect(new URL(target!, "http://localhost:3000").origin).toBe("http://localhost:3000");
    expect(target).toMatch(/^\/(?![/\\])/);
  });

  it("keeps a path on the app", async () => {
    expect(await rendered("/projects?unit=309001")).toBe("/projects?unit=309001");
  });
});
