// Run in a child process by tests/integration/zip-bomb.test.ts: reads one upload with the product's
// workbook reader and prints how long it took and how much the process's peak memory (maxRSS) grew.
// A child of its own, so that no earlier allocation in the test process hides the peak.
import { readFileSync } from "node:fs";
import { readWorkbook } from "@/lib/targets/import/xlsx";

const bytes = new Uint8Array(readFileSync(process.argv[2]!));
await readWorkbook(new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Uint8Array(18)])).catch(() => undefined); // modules warm
const before = process.resourceUsage().maxRSS;
const started = performance.now();
let message = "read";
try {
  await readWorkbook(bytes);
} catch (error) {
  message = (error as Error).message;
}
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, grewMb: (process.resourceUsage().maxRSS - before) / 1024, message }));
