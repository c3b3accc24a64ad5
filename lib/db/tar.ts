import { once } from "node:events";
import { createReadStream } from "node:fs";
import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import type { Readable, Writable } from "node:stream";

// A minimal POSIX ustar writer and reader: the embedded database's base backups are ordinary
// .tar.gz files (`tar -tzf` lists them, `tar -xzf` unpacks them), with no dependency beyond Node.

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

function header(name: string, size: number, type: "0" | "5", mode: number, mtime: number): Buffer {
  let prefix = "";
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`path too long for ustar: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  const block = Buffer.alloc(BLOCK);
  block.write(base, 0, 100, "utf8");
  block.write(octal(mode & 0o7777, 8), 100, "ascii");
  block.write(octal(0, 8), 108, "ascii");
  block.write(octal(0, 8), 116, "ascii");
  block.write(octal(size, 12), 124, "ascii");
  block.write(octal(Math.floor(mtime / 1000), 12), 136, "ascii");
  block.write("        ", 148, "ascii");
  block.write(type, 156, "ascii");
  block.write("ustar\0", 257, "ascii");
  block.write("00", 263, "ascii");
  block.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + " ", 148, "ascii");
  return block;
}

export class TarWriter {
  constructor(private readonly out: Writable) {}

  private async write(chunk: Buffer): Promise<void> {
    if (!this.out.write(chunk)) await once(this.out, "drain");
  }

  async directory(name: string, mode = 0o700): Promise<void> {
    await this.write(header(name.endsWith("/") ? name : `${name}/`, 0, "5", mode, Date.now()));
  }

  async buffer(name: string, data: Buffer, mode = 0o600): Promise<void> {
    await this.write(header(name, data.length, "0", mode, Date.now()));
    await this.write(data);
    await this.write(Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
  }

  /**
   * Exactly `size` bytes of the file (its size when looked at): a file the server shortens while it
   * is read is padded with zeros, one it extends is cut — the WAL replayed on restore rewrites those
   * pages either way (pg_basebackup does the same).
   */
  async file(name: string, absolute: string, size: number, mode: number, mtime: number): Promise<void> {
    await this.write(header(name, size, "0", mode, mtime));
    let written = 0;
    if (size > 0) {
      for await (const chunk of createReadStream(absolute, { start: 0, end: size - 1, highWaterMark: 1 << 20 })) {
        await this.write(chunk as Buffer);
        written += (chunk as Buffer).length;
      }
    }
    if (written < size) await this.write(Buffer.alloc(size - written));
    await this.write(Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK));
  }

  async end(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
    this.out.end();
    await once(this.out, "finish");
  }
}

export interface ExtractedEntry {
  name: string;
  type: "file" | "directory";
}

/** Unpacks a tar stream under `target` (created mode 700); refuses names that would land outside it. */
export async function extractTar(input: Readable, target: string, onEntry?: (absolute: string, entry: ExtractedEntry) => Promise<void>): Promise<ExtractedEntry[]> {
  const entries: ExtractedEntry[] = [];
  const root = path.resolve(target);
  let pending: Buffer = Buffer.alloc(0);
  type OpenFile = { handle: Awaited<ReturnType<typeof open>>; remaining: number; padding: number; absolute: string; entry: ExtractedEntry };
  // (cast: it is assigned inside readAll, which the compiler's narrowing does not follow)
  let current = null as OpenFile | null;
  let skip = 0;
  let ended = false;

  const place = (name: string) => {
    const absolute = path.resolve(root, name);
    if (absolute !== root && !absolute.startsWith(root + path.sep)) throw new Error(`备份中的路径越出了目标目录：${name}`);
    return absolute;
  };

  try {
    await readAll();
  } finally {
    await current?.handle.close().catch(() => undefined);
  }
  if (current) throw new Error("备份文件不完整（在文件中途结束）");
  if (!ended) throw new Error("备份文件不完整（缺少 tar 结束标记）");
  return entries;

  async function readAll() {
    for await (const chunk of input) {
      pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
      for (;;) {
        if (skip > 0) {
          const n = Math.min(skip, pending.length);
          pending = pending.subarray(n);
          skip -= n;
          if (skip > 0) break;
        }
        if (current) {
          const n = Math.min(current.remaining, pending.length);
          if (n > 0) await current.handle.write(pending.subarray(0, n));
          pending = pending.subarray(n);
          current.remaining -= n;
          if (current.remaining > 0) break;
          await current.handle.close();
          await onEntry?.(current.absolute, current.entry);
          skip = current.padding;
          current = null;
          continue;
        }
        if (ended || pending.length < BLOCK) break;
        const block = pending.subarray(0, BLOCK);
        pending = pending.subarray(BLOCK);
        if (block.every((b) => b === 0)) {
          ended = true;
          break;
        }
        const text = (start: number, length: number) => block.subarray(start, start + length).toString("utf8").replace(/\0.*$/s, "");
        let sum = 0;
        for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
        if (sum !== parseInt(text(148, 8).trim(), 8)) throw new Error("备份文件已损坏（tar 头校验和不符）");
        const prefix = text(345, 155);
        const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
        const size = parseInt(text(124, 12).trim() || "0", 8);
        const mode = parseInt(text(100, 8).trim() || "600", 8);
        const type = text(156, 1);
        const absolute = place(name);
        if (type === "5") {
          await mkdir(absolute, { recursive: true, mode: 0o700 });
          const entry: ExtractedEntry = { name, type: "directory" };
          entries.push(entry);
          await onEntry?.(absolute, entry);
        } else if (type === "0" || type === "") {
          await mkdir(path.dirname(absolute), { recursive: true, mode: 0o700 });
          const entry: ExtractedEntry = { name, type: "file" };
          entries.push(entry);
          current = { handle: await open(absolute, "w", mode & 0o700), remaining: size, padding: (BLOCK - (size % BLOCK)) % BLOCK, absolute, entry };
        } else {
          throw new Error(`备份中有不支持的条目类型 ${type}：${name}`);
        }
      }
    }
  }
}
