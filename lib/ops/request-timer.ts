import { Server } from "node:http";
import { observeRequest } from "./metrics";

const INSTALLED = Symbol.for("jixiao.requestTimer");

/**
 * Times every HTTP request this process serves, from the moment Node hands it to the server to the
 * moment the answer is written (or the client goes away), for /metrics. Next.js gives the
 * application no hook around a whole request, so the server's "request" event is watched — the
 * same event Next's own handler listens to. Installed once per process by instrumentation.ts.
 */
export function timeRequests(): void {
  const proto = Server.prototype as Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  const emit = proto.emit;
  proto.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const [request, response] = args as [import("node:http").IncomingMessage, import("node:http").ServerResponse];
      const started = process.hrtime.bigint();
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        // A client that left before the answer: counted with status 499, as nginx logs it.
        const status = response.writableFinished ? response.statusCode : 499;
        let pathname = "/";
        try {
          pathname = new URL(request.url ?? "/", "http://x").pathname;
        } catch {
          // a request line Node accepted but URL does not: counted under "other"
        }
        observeRequest(request.method ?? "GET", pathname, status, seconds);
      };
      response.once("finish", finish);
      response.once("close", finish);
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as Server["emit"];
  Object.defineProperty(proto, INSTALLED, { value: true });
}
