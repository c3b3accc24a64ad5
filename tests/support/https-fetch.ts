import { Agent, request } from "node:https";

// A fetch for talking to the app through the reverse proxy over HTTPS the way a browser on another
// machine would: the test's own certificate authority (a self-signed certificate), and a chosen
// source address on the loopback network (127.0.0.7 …), so the address nginx sees — and the app must
// record — differs from nginx's own. Node's fetch can do neither. Answers are standard Responses.

export interface HttpsFetchOptions {
  /** PEM of the certificate to trust. */
  ca: string;
  /** Source address of the connections (a loopback address other than 127.0.0.1). */
  localAddress?: string;
}

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export function httpsFetch(options: HttpsFetchOptions): FetchLike {
  const agent = new Agent({ ca: options.ca, localAddress: options.localAddress, keepAlive: true, maxSockets: 16 });
  return async (input, init = {}) => {
    const url = new URL(String(input));
    // Let the platform serialise the body (FormData's multipart envelope, strings, bytes) and its type.
    const prepared = new Request(url, { method: init.method ?? "GET", headers: init.headers, body: init.body ?? null });
    const body = init.body === undefined || init.body === null ? null : Buffer.from(await prepared.arrayBuffer());
    const headers: Record<string, string> = {};
    prepared.headers.forEach((value, key) => (headers[key] = value));
    if (body) headers["content-length"] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const req = request(url, { method: prepared.method, headers, agent, servername: url.hostname === "127.0.0.1" ? undefined : url.hostname }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const out = new Headers();
          for (let i = 0; i < res.rawHeaders.length; i += 2) out.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
          const status = res.statusCode ?? 0;
          const nullBody = status === 204 || status === 304 || prepared.method === "HEAD";
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: out }));
        });
      });
      req.on("error", reject);
      init.signal?.addEventListener("abort", () => req.destroy(new Error("aborted")));
      if (body) req.write(body);
      req.end();
    });
  };
}
