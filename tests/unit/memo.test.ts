import { describe, expect, it } from "vitest";
import { memoize } from "@/lib/memo";

describe("memoize", () => {
  it("computes once per key, keeps the most recently used, and forgets the oldest past its limit", () => {
    let calls = 0;
    const square = memoize(2, (n: number) => String(n), (n: number) => (calls++, n * n));
    expect([square(2), square(2), square(3)]).toEqual([4, 4, 9]);
    expect(calls).toBe(2);
    square(2); // 2 is now the most recent; 3 the oldest
    square(4); // evicts 3
    expect(calls).toBe(3);
    square(2);
    expect(calls).toBe(3);
    square(3);
    expect(calls).toBe(4);
  });

  it("remembers undefined and null results too", () => {
    let calls = 0;
    const nothing = memoize(10, () => "k", () => (calls++, undefined));
    nothing();
    nothing();
    expect(calls).toBe(1);
  });
});
