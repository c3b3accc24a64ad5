import { mulberry32 } from "@/lib/demo/random";

/** mulberry32 (lib/demo/random.ts), so a failing random case can be reproduced from its seed. Returns [0, 1). */
export const rng = (seed: number): (() => number) => mulberry32(seed);
