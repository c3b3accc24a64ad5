import { describe, expect, it } from "vitest";
import { idleExpired, sessionEnded } from "@/lib/auth/session-policy";

const H = 3_600_000;
const signIn = Date.UTC(2025, 5, 1, 0, 0, 0);

describe("session limits", () => {
  it("ends a session 12 hours after sign-in, whatever the activity", () => {
    expect(sessionEnded(signIn, signIn + 11.99 * H, 12)).toBe(false);
    expect(sessionEnded(signIn, signIn + 12 * H, 12)).toBe(false);
    expect(sessionEnded(signIn, signIn + 12 * H + 1, 12)).toBe(true);
    expect(sessionEnded(undefined, signIn, 12)).toBe(true);
    expect(sessionEnded(signIn + 2 * H, signIn, 12)).toBe(true); // a sign-in time in the future is forged
  });

  it("ends an idle session after 30 minutes without a request", () => {
    const iat = signIn / 1000;
    expect(idleExpired(iat, signIn + 29 * 60_000, 30)).toBe(false);
    expect(idleExpired(iat, signIn + 30 * 60_000 + 1, 30)).toBe(true);
    expect(idleExpired(undefined, signIn, 30)).toBe(true);
  });
});
