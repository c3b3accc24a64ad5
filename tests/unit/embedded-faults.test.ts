import { describe, expect, it } from "vitest";
import { explainServerLog } from "@/lib/db/embedded-faults";

// The embedded server's own messages (as PostgreSQL 18 writes them to its log) turned into Chinese ones
// naming the problem and the fix. The integration tests cause the faults for real; these cover the
// wording of each, including the ones that cannot be caused on every machine.

const at = { dataDir: "/srv/jixiao/.data/pgdata", port: 54329 };

describe("explainServerLog", () => {
  it("port taken by another program between our check and the server's bind", () => {
    const log = [
      '2026-12-06 11:00:00.000 CST [123] LOG:  could not bind IPv4 address "127.0.0.1": Address already in use',
      "2026-12-06 11:00:00.000 CST [123] HINT:  Is another postmaster already running on port 54329? If not, wait a few seconds and retry.",
      '2026-12-06 11:00:00.000 CST [123] WARNING:  could not create listen socket for "127.0.0.1"',
      "2026-12-06 11:00:00.000 CST [123] FATAL:  could not create any TCP/IP sockets",
    ].join("\n");
    expect(explainServerLog(log, { ...at, phase: "start" })).toBe(
      "内置数据库端口 54329（127.0.0.1）已被其他程序占用，已有数据未做任何改动。请设置 EMBEDDED_DB_PORT 换一个端口（例如 EMBEDDED_DB_PORT=54330 npm start），或先停止占用它的程序（查看：ss -ltnp 'sport = :54329'）。",
    );
  });

  it("disk full, during initdb and at start", () => {
    const initdb = 'initdb: error: could not write file "/srv/jixiao/.data/pgdata.initdb-9/base/1/1259": No space left on device';
    expect(explainServerLog(initdb, { ...at, phase: "initdb" })).toMatch(/^磁盘空间不足（could not write file .*No space left on device），内置数据库创建失败，数据库尚未创建，没有任何数据丢失。请清理 .*df -h/);
    const start = "FATAL:  could not write lock file \"postmaster.pid\": No space left on device";
    expect(explainServerLog(start, { ...at, phase: "start" })).toMatch(/^磁盘空间不足.*内置数据库无法启动，已有数据未做任何改动/);
  });

  it("data files of another build or version", () => {
    const log = [
      "FATAL:  database files are incompatible with server",
      "DETAIL:  The database cluster was initialized without USE_FLOAT8_BYVAL but the server was compiled with USE_FLOAT8_BYVAL.",
    ].join("\n");
    expect(explainServerLog(log, { ...at, phase: "start" })).toMatch(/不兼容（The database cluster was initialized without USE_FLOAT8_BYVAL.*）.*DATABASE_URL/);
  });

  it("ownership, permissions, a read-only disk, another postmaster", () => {
    expect(explainServerLog('FATAL:  data directory "/srv/jixiao/.data/pgdata" has wrong ownership', { ...at, phase: "start" })).toMatch(/属主或权限不对.*chown -R.*chmod 700/);
    expect(explainServerLog('FATAL:  could not open file "global/pg_filenode.map": Permission denied', { ...at, phase: "start" })).toMatch(/不可写（could not open file .*Permission denied）/);
    expect(explainServerLog('FATAL:  could not create lock file "postmaster.pid": Read-only file system', { ...at, phase: "start" })).toMatch(/不可写.*是否只读挂载/);
    expect(explainServerLog('FATAL:  lock file "postmaster.pid" already exists\nHINT:  Is another postmaster (PID 77) running in data directory "/x"?', { ...at, phase: "start" })).toMatch(/另一个数据库进程正在使用数据目录.*PID 77/);
  });

  it("says nothing it cannot explain (the caller then shows the log's last lines)", () => {
    expect(explainServerLog("FATAL:  something new", { ...at, phase: "start" })).toBeNull();
  });
});
