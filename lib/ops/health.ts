import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { evidenceDir } from "@/lib/progress/evidence";
import { checkCertificate, checkDatabase, checkMigrations, checkWritable, shippedMigrations, type Check, type Query } from "./readiness";

// The running instance's readiness (GET /api/health): database reachable, its migrations exactly the
// ones this program ships, the evidence directory writable, and — when TLS_CERT_FILE names it — the
// HTTPS certificate present and unexpired. Computed at most once per CACHE_MS whoever asks (the
// proxy, the monitoring, /metrics), so asking often costs the database nothing more.

const CACHE_MS = 2_000;

export interface Health {
  status: "ready" | "not_ready";
  checks: Check[];
  checkedAt: string;
}

interface Cache {
  at: number;
  pending: Promise<Health> | null;
  last: Health | null;
  shipped: string[] | null;
}

const cache = ((globalThis as unknown as { jixiaoReadiness?: Cache }).jixiaoReadiness ??= { at: 0, pending: null, last: null, shipped: null });

const query: Query = <T,>(sql: string) => db().$queryRawUnsafe<T[]>(sql);

async function compute(): Promise<Health> {
  cache.shipped ??= shippedMigrations();
  const database = await checkDatabase(query);
  const checks: Check[] = [
    database,
    database.ok ? await checkMigrations(query, cache.shipped) : { name: "migrations", ok: false, message: "数据库无法连接，未能检查迁移。" },
    await checkWritable("evidence", evidenceDir()),
  ];
  const certificate = env().TLS_CERT_FILE;
  if (certificate) checks.push(await checkCertificate(certificate));
  return { status: checks.every((c) => c.ok) ? "ready" : "not_ready", checks, checkedAt: new Date().toISOString() };
}

export async function health(): Promise<Health> {
  if (cache.last && Date.now() - cache.at < CACHE_MS) return cache.last;
  cache.pending ??= compute()
    .then((result) => {
      cache.last = result;
      cache.at = Date.now();
      return result;
    })
    .finally(() => {
      cache.pending = null;
    });
  return cache.pending;
}
