import pg from "pg";

// Is the database there? The rule: database down → a clear 503 page within 5 s, and the app
// recovers by itself when it returns. A heartbeat in each app process opens a fresh connection
// every HEARTBEAT_MS with a PROBE_TIMEOUT_MS limit — its own connection, not the pool's, so a
// pool stuck on dead sockets cannot hide an outage and a busy pool cannot fake one. proxy.ts
// answers 503 at once while the last probe failed; the pool reconnects by itself once it is back.

const HEARTBEAT_MS = 2_000;
const PROBE_TIMEOUT_MS = 2_000;

interface Health {
  up: boolean;
  checkedAt: number;
  timer: ReturnType<typeof setInterval> | null;
  url: string | null;
}

// On globalThis: proxy.ts and the pages are bundled apart but run in one process.
const state = ((globalThis as unknown as { jixiaoHealth?: Health }).jixiaoHealth ??= { up: true, checkedAt: 0, timer: null, url: null });

/** One probe: connect, SELECT 1, close — true when it all happens within the limit. */
export async function probeDatabase(url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on("error", () => {}); // a socket dying mid-probe is an answer, not a crash
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    client.end().catch(() => {});
  }
}

async function beat(): Promise<void> {
  if (!state.url) return;
  const up = await probeDatabase(state.url);
  if (up !== state.up) console.warn(up ? "[db] 数据库已恢复连接" : "[db] 数据库无法连接");
  state.up = up;
  state.checkedAt = Date.now();
}

/** Starts the heartbeat once per process (idempotent); the first probe runs at once. */
export function watchDatabase(url: string | undefined): void {
  if (!url || state.timer) return;
  state.url = url;
  state.timer = setInterval(() => void beat(), HEARTBEAT_MS);
  state.timer.unref?.();
  void beat();
}

/** False while the last probe failed. */
export function databaseUp(): boolean {
  return state.up;
}

/** The page shown while the database is away: plain HTML, no script, refreshes itself. */
export function unavailablePage(): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="refresh" content="10"><title>系统暂时无法使用 · 绩效通</title>
<style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f8fafc;color:#0f172a;display:flex;min-height:100vh;align-items:center;justify-content:center;margin:0}main{max-width:32rem;padding:2rem;text-align:center}h1{font-size:1.4rem}p{color:#475569;line-height:1.7}</style></head>
<body><main><h1>系统暂时无法使用</h1><p>数据库暂时无法连接，已保存的数据不受影响。系统会自动重试，连接恢复后本页将自动刷新。</p><p>如长时间无法恢复，请联系系统管理员。</p></main></body></html>`;
}
