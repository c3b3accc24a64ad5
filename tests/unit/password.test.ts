import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "@/lib/auth/password";
import { navItems, homePath } from "@/lib/auth/navigation";
import type { Role } from "@/lib/db/generated/enums";

describe("passwords", () => {
  it("hashes with Argon2id and verifies only the right password", async () => {
    const hash = await hashPassword("Liuzhou-2025!");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "Liuzhou-2025!")).toBe(true);
    expect(await verifyPassword(hash, "liuzhou-2025!")).toBe(false);
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
  });

  it("generates distinct passwords with every character class", () => {
    const passwords = Array.from({ length: 200 }, () => generatePassword());
    expect(new Set(passwords).size).toBe(200);
    for (const p of passwords) {
      expect(p).toHaveLength(16);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[0-9]/);
      expect(p).toMatch(/[!@#%*\-_=+]/);
    }
  });
});

describe("navigation by role", () => {
  const as = (role: Role) => ({ id: "u", role, unitId: null, departmentId: null });
  it("gives the security officer and auditor no project screens", () => {
    expect(homePath(as("SECURITY_OFFICER"))).toBe("/security/users");
    expect(homePath(as("AUDITOR"))).toBe("/audit");
    expect(navItems(as("AUDITOR")).some((i) => i.href.startsWith("/projects"))).toBe(false);
    expect(homePath(as("REPORTER"))).toBe("/projects");
  });
});
