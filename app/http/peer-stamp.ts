import { IncomingMessage } from "node:http";
import { PEER_HEADER, peerStamp } from "./same-origin";

const INSTALLED = Symbol.for("jixiao.peerStamp");
type Parsing = IncomingMessage & { _addHeaderLine(field: string, value: string, dest: Record<string, unknown>): void };

/**
 * Makes every incoming request carry its TCP peer's address in PEER_HEADER. Next.js hands the
 * application only headers (no socket), and keeps a client's own X-Forwarded-For, so this is the one
 * place the real address can be read. Node builds req.headers from the raw header lines through
 * IncomingMessage#_addHeaderLine (Node's http server reads them as it parses each request); wrapped
 * here, a header of that name sent by a client is dropped and the stamp — this process's secret key
 * and the socket's address (same-origin.ts peerStamp) — is added. A request parsed before this was
 * installed carries no valid key, so its address is unknown rather than whatever it claimed.
 * Installed once per process by instrumentation.ts.
 */
export function stampPeerAddress(): void {
  const proto = IncomingMessage.prototype as Parsing & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  const add = proto._addHeaderLine;
  if (typeof add !== "function") throw new Error("node:http IncomingMessage#_addHeaderLine is missing: the peer address cannot be stamped");
  proto._addHeaderLine = function (this: Parsing, field: string, value: string, dest: Record<string, unknown>) {
    if (field.length === PEER_HEADER.length && field.toLowerCase() === PEER_HEADER) return;
    add.call(this, field, value, dest);
    // Requests only: an HTTP client's responses are IncomingMessages too.
    if (typeof this.method === "string") dest[PEER_HEADER] = peerStamp(this.socket?.remoteAddress ?? "");
  };
  Object.defineProperty(proto, INSTALLED, { value: true });
}
