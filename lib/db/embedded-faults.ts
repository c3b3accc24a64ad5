// The embedded server's and initdb's own (English) messages, turned into Chinese ones that name the
// problem and the fix. Each fault leaves the data as it was: nothing here deletes or rewrites data.

export interface FaultContext {
  dataDir: string;
  port: number;
  phase: "initdb" | "start";
}

const detailOf = (text: string, pattern: RegExp) => text.split("\n").find((l) => pattern.test(l))?.replace(/^.*?(FATAL|ERROR|LOG|DETAIL|initdb: error):\s*/, "").trim() ?? "";

export function explainServerLog(text: string, context: FaultContext): string | null {
  const { dataDir, port, phase } = context;
  const kept = phase === "initdb" ? "数据库尚未创建，没有任何数据丢失" : "已有数据未做任何改动";
  if (/No space left on device/i.test(text)) {
    return `磁盘空间不足（${detailOf(text, /No space left on device/i)}），${phase === "initdb" ? "内置数据库创建失败" : "内置数据库无法启动"}，${kept}。请清理 ${dataDir} 所在磁盘（df -h 查看），或设置 JIXIAO_DATA_DIR 指向空间充足的磁盘，然后重新运行 npm start。`;
  }
  if (/could not bind IPv4 address|could not create any TCP\/IP sockets/i.test(text) && /Address already in use/i.test(text)) {
    return `内置数据库端口 ${port}（127.0.0.1）已被其他程序占用，${kept}。请设置 EMBEDDED_DB_PORT 换一个端口（例如 EMBEDDED_DB_PORT=${port + 1} npm start），或先停止占用它的程序（查看：ss -ltnp 'sport = :${port}'）。`;
  }
  if (/database files are incompatible with server/i.test(text)) {
    return `数据目录 ${dataDir} 的数据文件与内置的 PostgreSQL 18 不兼容（${detailOf(text, /DETAIL/)}），${kept}。请确认 JIXIAO_DATA_DIR 没有指错目录；其他版本 PostgreSQL 的数据请用该版本的服务器运行并通过 DATABASE_URL 连接。`;
  }
  if (/lock file "postmaster\.pid" already exists/i.test(text)) {
    return `另一个数据库进程正在使用数据目录 ${dataDir}（${detailOf(text, /HINT|Is another postmaster/)}），${kept}。请先停止它（或正在运行的绩效通），再重新运行 npm start。`;
  }
  if (/has wrong ownership|has invalid permissions/i.test(text)) {
    return `数据目录 ${dataDir} 的属主或权限不对（${detailOf(text, /wrong ownership|invalid permissions/)}），${kept}。请用创建它的用户运行 npm start，或改正属主（chown -R）与权限（chmod 700）。`;
  }
  if (/Permission denied|Read-only file system/i.test(text)) {
    return `数据目录 ${dataDir} 不可写（${detailOf(text, /Permission denied|Read-only file system/)}），${kept}。请检查该目录及其所在磁盘的权限（是否只读挂载），或设置 JIXIAO_DATA_DIR 指向可写的目录。`;
  }
  return null;
}
