import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { backupFileName } from "@/lib/db/backup";
import { lastBackupAt, listBackups } from "@/lib/db/backup-retention";
import { migrate } from "@/lib/db/migrate";
import { checkCertificate, checkDatabase, checkMigrations, checkWritable, shippedMigrations, type Query } from "@/lib/ops/readiness";
import { createFileDatabase } from "../support/test-database";

// The deployment kit's parts that need no reverse proxy: the readiness checks behind /api/health and
// the production start, each fault caused for real; the daily backup's retention and verification
// through the real CLI; the nginx certificate check; the maintenance wrapper; the systemd units.

const root = process.cwd();
let work = "";
let url = "";
let drop: () => Promise<void> = async () => undefined;
const mounts: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "jixiao-deploy-"));
  await chmod(work, 0o755);
  const file = await createFileDatabase(inject("databaseUrl"));
  url = file.url;
  drop = file.drop;
});
afterAll(async () => {
  for (const m of mounts.reverse()) spawnSync("umount", ["-l", m]);
  await drop();
  await rm(work, { recursive: true, force: true });
});

async function withClient<T>(work: (query: Query, client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(async <R,>(sql: string) => (await client.query(sql)).rows as R[], client);
  } finally {
    await client.end();
  }
}

const run = (command: string, args: string[], env: Record<string, string | undefined> = process.env) => {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8", env: env as unknown as NodeJS.ProcessEnv });
  return { status: result.status, out: `${result.stdout ?? ""}${result.stderr ?? ""}` };
};

describe("readiness checks (GET /api/health, and the production start)", () => {
  it("database: answers with its latency, and an unreachable one with the fix", async () => {
    expect(await withClient((q) => checkDatabase(q))).toMatchObject({ name: "database", ok: true, message: expect.stringMatching(/^数据库连接正常（\d+ 毫秒）。$/) });
    const away = await checkDatabase(() => new Promise((_, reject) => setTimeout(() => reject(new Error("connect ECONNREFUSED 127.0.0.1:1")), 5)));
    expect(away).toEqual({ name: "database", ok: false, message: "数据库无法连接（connect ECONNREFUSED 127.0.0.1:1）：请确认 PostgreSQL 正在运行、DATABASE_URL 中的主机、端口、用户和密码正确、防火墙允许连接；数据库恢复后本实例会自动重新连接。" });
    const hanging = await checkDatabase(() => new Promise(() => undefined), 50);
    expect(hanging.message).toContain("数据库无法连接（1 秒内没有应答）");
  });

  it("migrations: current, pending, from a newer version, and failed", async () => {
    const shipped = shippedMigrations();
    expect(shipped.length).toBeGreaterThan(3);
    expect(await withClient((q) => checkMigrations(q, shipped))).toEqual({ name: "migrations", ok: true, message: `数据库结构为最新（${shipped.length} 个迁移）。` });
    const newer = [...shipped, "29990101000000_from_the_future"];
    expect((await withClient((q) => checkMigrations(q, newer))).message).toBe("数据库结构不是最新：有 1 个迁移尚未执行（29990101000000_from_the_future）。请先备份（npm run db:backup），再运行 npm run db:migrate，然后重新启动服务。");
    expect((await withClient((q) => checkMigrations(q, shipped.slice(0, -1)))).message).toBe(`数据库已由较新版本的绩效通迁移（本程序不认识的迁移：${shipped.at(-1)}）：请把本实例升级到与数据库相同的版本；如要退回旧版本，须先恢复升级前的备份。`);
    await withClient(async (_, client) => {
      await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('failed-one', 'x', '29990101000000_half_done', now(), 0)`);
      try {
        const failed = await checkMigrations(async <R,>(sql: string) => (await client.query(sql)).rows as R[], [...shipped, "29990101000000_half_done"]);
        expect(failed).toMatchObject({ ok: false, message: expect.stringMatching(/^迁移 29990101000000_half_done 上次没有执行完/) });
      } finally {
        await client.query(`DELETE FROM "_prisma_migrations" WHERE id = 'failed-one'`);
      }
    });
    // An empty database: every migration pending.
    const empty = await createFileDatabase(inject("databaseUrl"));
    try {
      const client = new pg.Client({ connectionString: empty.url });
      await client.connect();
      await client.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`);
      const state = await checkMigrations(async <R,>(sql: string) => (await client.query(sql)).rows as R[], shipped);
      await client.end();
      expect(state.message).toContain(`有 ${shipped.length} 个迁移尚未执行`);
      await migrate(empty.url);
    } finally {
      await empty.drop();
    }
  });

  it("directories: writable; not a directory; a read-only file system; owned by someone else", async () => {
    expect(await checkWritable("evidence", path.join(work, "evidence", "new"))).toEqual({ name: "evidence", ok: true, message: "佐证材料目录可写。" });
    expect(readdirSync(path.join(work, "evidence", "new"))).toEqual([]); // the probe is gone
    writeFileSync(path.join(work, "a-file"), "x");
    expect((await checkWritable("dataDir", path.join(work, "a-file"))).message).toBe(`数据目录 ${path.join(work, "a-file")} 不可写：该路径不是目录。请检查 JIXIAO_DATA_DIR。`);

    const isRoot = process.getuid?.() === 0;
    const readOnly = path.join(work, "read-only");
    mkdirSync(readOnly);
    if (isRoot && spawnSync("mount", ["--bind", readOnly, readOnly]).status === 0) {
      mounts.push(readOnly);
      expect(spawnSync("mount", ["-o", "remount,bind,ro", readOnly]).status).toBe(0);
      expect((await checkWritable("evidence", readOnly)).message).toBe(`佐证材料目录 ${readOnly} 不可写：它位于只读的文件系统上。请把 EVIDENCE_DIR 指向可写的目录，并确认服务单元的 ReadWritePaths 包含它。`);
    }
    // Another account's directory, checked by a process of an unprivileged user (nobody).
    if (isRoot) {
      const owned = path.join(work, "root-owned");
      mkdirSync(owned, { mode: 0o755 });
      const script = `import("${root}/lib/ops/readiness.ts").then(async (m) => console.log((await m.checkWritable("dataDir", "${owned}")).message))`;
      const asNobody = run("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", process.execPath, "--import", "tsx", "--eval", script], { ...process.env, HOME: "/tmp" });
      expect(asNobody.out.trim()).toBe(`数据目录 ${owned} 不可写：运行绩效通的用户 nobody 没有写权限。请执行 chown -R nobody:nobody ${owned}（服务单元中 ReadWritePaths 也须包含它）。`);
    }
  });

  it("certificate: valid, expiring soon, expired, missing, not a certificate", async () => {
    const make = (name: string, days: number) => {
      const out = run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", String(days), "-subj", "/CN=jixiao.test", "-keyout", path.join(work, `${name}.key`), "-out", path.join(work, `${name}.crt`)]);
      expect(out.status, out.out).toBe(0);
      return path.join(work, `${name}.crt`);
    };
    const now = new Date();
    expect((await checkCertificate(make("year", 365), now)).message).toMatch(/^HTTPS 证书有效，至 \d{4}-\d\d-\d\d（还有 36[45] 天）。$/);
    expect(await checkCertificate(make("soon", 10), now)).toMatchObject({ ok: true, message: expect.stringMatching(/^HTTPS 证书将在 (9|10) 天后（\d{4}-\d\d-\d\d）过期，请及时更换。$/) });
    const expired = await checkCertificate(path.join(work, "year.crt"), new Date(now.getTime() + 400 * 86_400_000));
    expect(expired).toMatchObject({ ok: false, message: expect.stringMatching(/^HTTPS 证书 .*year\.crt 已于 \d{4}-\d\d-\d\d 过期，浏览器将拒绝访问。请把有效的证书放到该位置（与 nginx 的 ssl_certificate 为同一个文件），然后执行 systemctl reload nginx。$/) });
    expect((await checkCertificate(path.join(work, "none.crt"))).message).toContain("none.crt（TLS_CERT_FILE）无法使用：文件不存在。");
    expect((await checkCertificate(path.join(work, "year.key"))).message).toContain("无法使用：不是 PEM 格式的证书。");
  });
});

describe("deploy/nginx/check-certificate.sh (before nginx starts or reloads)", () => {
  const site = (cert: string, key: string) => {
    const file = path.join(work, `site-${path.basename(cert)}-${path.basename(key)}.conf`);
    const shipped = readFileSync(path.join(root, "deploy/nginx/jixiao.conf"), "utf8");
    writeFileSync(file, shipped.replace("/etc/jixiao/tls/jixiao.crt", cert).replace("/etc/jixiao/tls/jixiao.key", key));
    return run("sh", [path.join(root, "deploy/nginx/check-certificate.sh"), file]);
  };

  it("passes a valid pair, warns within 30 days, and refuses missing, expired, mismatched or non-PEM files in Chinese", () => {
    const good = run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "90", "-subj", "/CN=jixiao.test", "-keyout", path.join(work, "n.key"), "-out", path.join(work, "n.crt")]);
    expect(good.status).toBe(0);
    run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "5", "-subj", "/CN=jixiao.test", "-keyout", path.join(work, "s.key"), "-out", path.join(work, "s.crt")]);
    expect(site(path.join(work, "n.crt"), path.join(work, "n.key"))).toEqual({ status: 0, out: "" });
    const soon = site(path.join(work, "s.crt"), path.join(work, "s.key"));
    expect(soon.status).toBe(0);
    expect(soon.out).toMatch(/^绩效通 HTTPS 证书检查：注意：证书 .*s\.crt 将于 .* 到期（不足 30 天），请尽快更换。\n$/);

    const missing = site(path.join(work, "missing.crt"), path.join(work, "n.key"));
    expect(missing.status).toBe(1);
    expect(missing.out).toContain(`文件 ${path.join(work, "missing.crt")} 不存在。请把有效的证书（含中间证书）和私钥放到上述位置`);
    expect(site(path.join(work, "n.crt"), path.join(work, "s.key")).out).toContain("与证书");
    writeFileSync(path.join(work, "der.crt"), Buffer.from([0x30, 0x82, 0x01]));
    expect(site(path.join(work, "der.crt"), path.join(work, "n.key")).out).toContain("不是 PEM 格式的证书");

    // An expired certificate, signed with dates in the past (openssl ca takes explicit dates).
    const ca = path.join(work, "ca");
    mkdirSync(ca);
    writeFileSync(path.join(ca, "index.txt"), "");
    writeFileSync(path.join(ca, "serial"), "01\n");
    writeFileSync(path.join(ca, "ca.cnf"), `[ca]\ndefault_ca=x\n[x]\ndatabase=${ca}/index.txt\nnew_certs_dir=${ca}\nserial=${ca}/serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n`);
    run("openssl", ["req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=jixiao.test", "-keyout", path.join(work, "old.key"), "-out", path.join(ca, "old.csr")]);
    const signed = run("openssl", ["ca", "-batch", "-config", path.join(ca, "ca.cnf"), "-selfsign", "-keyfile", path.join(work, "old.key"), "-in", path.join(ca, "old.csr"), "-out", path.join(work, "old.crt"), "-startdate", "20200101000000Z", "-enddate", "20200201000000Z"]);
    expect(signed.status, signed.out).toBe(0);
    const expired = site(path.join(work, "old.crt"), path.join(work, "old.key"));
    expect(expired.status).toBe(1);
    expect(expired.out).toContain(`证书 ${path.join(work, "old.crt")} 已于 Feb  1 00:00:00 2020 GMT 过期，浏览器会拒绝访问本站。`);
  });
});

describe("the daily backup: db:backup --prune", () => {
  it("backs up, reads the checksum back, removes what is past BACKUP_KEEP_DAYS (keeping the newest seven), checks every backup kept", async () => {
    const dir = path.join(work, "backups");
    mkdirSync(dir);
    // Ten earlier daily backups (copies of a real one), the oldest 40 days ago.
    const env = { ...process.env, DATABASE_URL: url, BACKUP_DIR: dir, BACKUP_KEEP_DAYS: "30" };
    const first = run(process.execPath, ["--import", "tsx", "scripts/db.ts", "backup"], env);
    expect(first.status, first.out).toBe(0);
    const [made] = await listBackups(dir);
    const now = Date.now();
    for (const daysAgo of [2, 3, 4, 5, 6, 7, 8, 33, 36, 40]) {
      const copy = path.join(dir, backupFileName("server", new Date(now - daysAgo * 86_400_000)));
      copyFileSync(made!.file, copy);
      writeFileSync(`${copy}.sha256`, readFileSync(`${made!.file}.sha256`, "utf8").replace(path.basename(made!.file), path.basename(copy)));
    }
    writeFileSync(path.join(dir, "notes.txt"), "not ours");

    const pruned = run(process.execPath, ["--import", "tsx", "scripts/db.ts", "backup", "--prune"], env);
    expect(pruned.status, pruned.out).toBe(0);
    // Twelve in all (the ten copies, the first and today's): the three of 33, 36 and 40 days ago go.
    const removed = [40, 36, 33].map((d) => backupFileName("server", new Date(now - d * 86_400_000)));
    expect(pruned.out).toContain(`整理备份：保留 9 份（30 天内的，且至少最近 7 份），删除 3 份：${[...removed].reverse().join("、")}。`);
    expect(pruned.out).toContain("保留的 9 份备份逐一核对 SHA-256 校验和，全部一致。");
    const left = await listBackups(dir);
    expect(left).toHaveLength(9);
    expect(Math.max(...left.map((b) => (now - b.takenAt.getTime()) / 86_400_000))).toBeLessThan(9);
    expect(readdirSync(dir)).toContain("notes.txt");
    expect(readdirSync(dir).filter((f) => f.endsWith(".sha256"))).toHaveLength(9);
    expect((await lastBackupAt(dir))!.getTime()).toBeGreaterThan(now - 60_000);

    // A kept backup that rotted on disk: the run fails and names it.
    const rotten = left.at(-1)!.file;
    writeFileSync(rotten, Buffer.concat([readFileSync(rotten), Buffer.from("x")]));
    utimesSync(rotten, new Date(), new Date());
    const failed = run(process.execPath, ["--import", "tsx", "scripts/db.ts", "backup", "--prune"], env);
    expect(failed.status).toBe(1);
    expect(failed.out).toContain(`以下备份的校验和不符或缺少校验文件，已不能用于恢复：\n  ${rotten}：`);
    expect(run(process.execPath, ["--import", "tsx", "scripts/db.ts", "backup", "--prune", "--out", path.join(work, "x.dump")], env).out).toContain("--prune 只整理备份目录");
  }, 120_000);
});

describe("deploy/jixiao (maintenance commands as the service runs them)", () => {
  it("reads the environment file literally, as systemd does, and runs the command in the application directory", () => {
    const envFile = path.join(work, "jixiao.env");
    // A password with a dollar sign and a hash: a shell would expand or cut them; systemd and the wrapper do not.
    writeFileSync(envFile, `# comment\n\nDATABASE_URL=${url}\nNEXTAUTH_SECRET=ab$HOME#cd${"x".repeat(40)}\n`);
    const result = run("sh", [path.join(root, "deploy/jixiao"), "cli", "audit", "verify"], { PATH: process.env.PATH, JIXIAO_APP_DIR: root, JIXIAO_ENV_FILE: envFile, JIXIAO_USER: "root" });
    expect(result.out).toBe("审计链完整：共校验 0 条记录。\n");
    expect(result.status).toBe(0);
    const printed = run("sh", [path.join(root, "deploy/jixiao"), "cli", "x"], { PATH: process.env.PATH, JIXIAO_APP_DIR: root, JIXIAO_ENV_FILE: path.join(work, "none.env"), JIXIAO_USER: "root" });
    expect(printed).toEqual({ status: 1, out: `读不到配置文件 ${path.join(work, "none.env")}（请用 root 运行，或设置 JIXIAO_ENV_FILE）。\n` });
    expect(run("sh", [path.join(root, "deploy/jixiao"), "db:reset"]).status).toBe(2);
  });
});

describe.runIf(spawnSync("systemd-analyze", ["--version"]).status === 0 || process.env.CI)("deploy/systemd units", () => {
  it("systemd-analyze verify finds nothing to say about them", () => {
    const dir = path.join(work, "units");
    mkdirSync(dir);
    // As installed: the application under /opt/jixiao/current is this checkout here, node wherever it is.
    for (const name of ["jixiao@.service", "jixiao-backup.service", "jixiao-backup.timer"]) {
      const text = readFileSync(path.join(root, "deploy/systemd", name), "utf8").replaceAll("/opt/jixiao/current", root).replaceAll("/usr/bin/node", process.execPath);
      writeFileSync(path.join(dir, name), text);
    }
    const result = run("systemd-analyze", ["verify", path.join(dir, "jixiao@3000.service"), path.join(dir, "jixiao-backup.service"), path.join(dir, "jixiao-backup.timer")]);
    expect(result).toEqual({ status: 0, out: "" });
  });
});
