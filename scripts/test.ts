// npm test: everything, in one run — lint, typecheck, unit, integration (real PostgreSQL: the
// server in TEST_DATABASE_URL, else an embedded one) and e2e in Chromium. Ends with the line
// `N passed, N failed` that CI reads. Extra arguments go to vitest (e.g. `npm test -- --project unit`).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

const vitestArgs = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

function step(name: string, command: string, args: string[]): boolean {
  console.log(`\n▶ ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit" });
  const ok = result.status === 0;
  console.log(`${ok ? "✓" : "✗"} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

if (vitestArgs.length === 0) {
  for (const [name, args] of [
    ["lint", ["eslint", "--max-warnings=0", "."]],
    ["typecheck", ["tsc", "--noEmit"]],
  ] as const) {
    if (step(name, "npx", [...args])) passed++;
    else failed++;
  }
}

mkdirSync("test-results", { recursive: true });
const report = "test-results/vitest.json";
const vitestOk = step("vitest", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${report}`, ...vitestArgs]);
try {
  const json = JSON.parse(readFileSync(report, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  skipped += json.numPendingTests + json.numTodoTests;
  // A suite that failed to start (global setup, a file that does not load) fails no test by itself.
  if (!vitestOk && json.numFailedTests === 0) failed++;
} catch {
  failed++;
  console.error("vitest 没有写出结果文件：测试未能运行。");
}

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
