import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/auth/navigation";

const ORIGIN = "http://localhost:3000";

describe("where the login page sends the browser after sign-in", () => {
  // The login page reads callbackUrl already percent-decoded (Next.js searchParams): these are the
  // values it gets for /login?callbackUrl=…
  it.each([
    ["/\\evil.example/x", "/%5Cevil.example/x"],
    ["/\t/evil.example/x", "/%09/evil.example/x"],
    ["/\n/evil.example/x", "/%0A/evil.example/x"],
    ["//evil.example/x", "//evil.example/x"],
    ["\\\\evil.example/x", "%5C%5Cevil.example/x"],
    ["https://evil.example/x", "https://evil.example/x"],
    ["http://localhost:3000.evil.example/", "http://localhost:3000.evil.example/"],
    ["https://localhost:3000/dashboard", "another scheme"],
    ["http://localhost:3001/dashboard", "another port"],
    ["javascript:alert(1)", "a script"],
    [" //evil.example", "a leading space"],
  ])("goes home for %j (%s)", (value) => {
    expect(safeCallbackUrl(value, ORIGIN)).toBe("/");
  });

  it.each([
    ["/dashboard", "/dashboard"],
    ["/projects?unit=309001#list", "/projects?unit=309001#list"],
    ["/.//evil.example/x", "/evil.example/x"],
    ["/a/..//evil.example", "/evil.example"],
    ["%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["http://localhost:3000/budget", "/budget"],
    ["dashboard", "/dashboard"],
    // The same scheme without slashes is a relative path on this origin, as a browser reads it.
    ["http:evil.example", "/evil.example"],
  ])("keeps %j on the app as %j", (value, path) => {
    expect(safeCallbackUrl(value, ORIGIN)).toBe(path);
  });

  it("goes home when there is nothing to go to", () => {
    expect(safeCallbackUrl(undefined, ORIGIN)).toBe("/");
    expect(safeCallbackUrl("", ORIGIN)).toBe("/");
  });
});
