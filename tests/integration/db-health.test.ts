import { createServer } from "node:net";
import { describe, expect, inject, it } from "vitest";
import { probeDatabase } from "@/lib/db/health";

describe("the database heartbeat's probe", () => {
  it("says yes for a live database and no, within its limit, for a dead or silent one", async () => {
    expect(await probeDatabase(inject("databaseUrl"))).toBe(true);
    // Nothing listening: refused at once.
    const closed = createServer();
    const port = await new Promise<number>((r) => closed.listen(0, "127.0.0.1", () => r((closed.address() as { port: number }).port)));
    await new Promise((r) => closed.close(r));
    let start = Date.now();
    expect(await probeDatabase(`postgresql://x@127.0.0.1:${port}/x`, 1_000)).toBe(false);
    expect(Date.now() - start).toBeLessThan(1_500);
    // Listening but never answering (a hung server): the limit still holds.
    const silent = createServer(() => {});
    const silentPort = await new Promise<number>((r) => silent.listen(0, "127.0.0.1", () => r((silent.address() as { port: number }).port)));
    start = Date.now();
    expect(await probeDatabase(`postgresql://x@127.0.0.1:${silentPort}/x`, 1_000)).toBe(false);
    expect(Date.now() - start).toBeLessThan(2_000);
    silent.close();
  });
});
