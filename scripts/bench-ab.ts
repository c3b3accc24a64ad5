// Two builds compared on a shared machine (npx tsx scripts/bench-ab.ts): one `next start` from each
// app directory (each with its own .next) on the same database, the same signed-in person on each,
// and the pages asked in turns — A, B, A, B … — so that both see the same load of the moment. Each
// turn is `BENCH_AB_N` sequential requests; the table gives each turn's p50, the server's CPU time per
// request (its process tree's, from /proc: the figure a busy machine disturbs least) and the load average.
//   BENCH_AB_DIRS="/tmp/before,/work/app"  BENCH_AB_DATABASE_URL=postgresql://…
//   BENCH_AB_USER=leader401 BENCH_AB_PASSWORD=…  [BENCH_AB_PATHS=/account,/dashboard] [BENCH_AB_ROUNDS=4] [BENCH_AB_N=40]
// A path with `{day}` in it asks for another day at every request — BENCH_AB_DAY (2025-12-31 unless
// given) and the days before it, one sequence for all of a build's paths and the same on each build —
// so that an overview is computed anew rather than served from the cache, and no day's figures are
// remembered from another page: `/dashboard?asOf={day}`, as npm run bench's 重新计算 rows.
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { BenchClient, percentile, round1, startNext, stopGroup } from "./bench-lib";

const need = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`缺少环境变量 ${name}`);
  return value;
};
const dirs = need("BENCH_AB_DIRS").split(",");
const url = need("BENCH_AB_DATABASE_URL");
const paths = (process.env.BENCH_AB_PATHS ?? "/account").split(",");
const rounds = Number(process.env.BENCH_AB_ROUNDS ?? 4);
const n = Number(process.env.BENCH_AB_N ?? 40);
const lastDay = process.env.BENCH_AB_DAY ?? "2025-12-31";
const dayBefore = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
/** Each build's count of days asked for, for `{day}`. */
const asked = new Map<number, number>();
const pathOf = (p: string, build: number) => {
  if (!p.includes("{day}")) return p;
  const k = asked.get(build) ?? 0;
  asked.set(build, k + 1);
  return p.replaceAll("{day}", dayBefore(lastDay, k));
};

/**
 * CPU seconds used so far by a process and its descendants (Linux /proc): the server's own cost per
 * request, which other work on a shared machine delays but does not add to, unlike the latency.
 */
function cpuSeconds(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (pid: number): boolean => pid === root || (pid > 1 && stats.has(pid) && inTree(stats.get(pid)!.ppid));
  let ticks = 0;
  for (const [pid, s] of stats) if (inTree(pid)) ticks += s.ticks;
  return ticks / 100; // USER_HZ
}

const servers = [];
try {
  for (const dir of dirs) servers.push(await startNext({ cwd: dir, databaseUrl: url }));
  const clients = await Promise.all(servers.map(async (s, i) => {
    const c = new BenchClient(s.baseUrl, `ab${i}`);
    await c.signIn(need("BENCH_AB_USER"), need("BENCH_AB_PASSWORD"));
    return c;
  }));
  for (const [i, c] of clients.entries()) for (const p of paths) for (let k = 0; k < 10; k++) await c.timed(pathOf(p, i)); // warm-up
  const all = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++) {
    for (const p of paths) {
      for (const [i, c] of clients.entries()) {
        const load = round1(loadavg()[0]!);
        const samples: number[] = [];
        const cpuBefore = cpuSeconds(servers[i]!.child.pid!);
        for (let k = 0; k < n; k++) {
          const t = await c.timed(pathOf(p, i));
          if (t.status !== 200) throw new Error(`${dirs[i]} ${p}：HTTP ${t.status}`);
          samples.push(t.ms);
        }
        const cpuMs = ((cpuSeconds(servers[i]!.child.pid!) - cpuBefore) * 1000) / n;
        const key = `${p} ${dirs[i]}`;
        all.set(key, [...(all.get(key) ?? []), ...samples]);
        cpu.set(key, [...(cpu.get(key) ?? []), cpuMs]);
        console.log(`round ${r + 1} ${p.padEnd(12)} ${dirs[i]!.padEnd(24)} p50 ${round1(percentile(samples, 50))} ms  p95 ${round1(percentile(samples, 95))} ms  server CPU ${round1(cpuMs)} ms/request  load1 ${load}`);
      }
    }
  }
  for (const [key, samples] of all) console.log(`all ${key.padEnd(40)} p50 ${round1(percentile(samples, 50))} ms  p95 ${round1(percentile(samples, 95))} ms  n ${samples.length}  server CPU (median of rounds) ${round1(percentile(cpu.get(key)!, 50))} ms/request`);
} finally {
  for (const s of servers) await stopGroup(s.child);
}
