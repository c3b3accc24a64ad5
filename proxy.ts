import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { decodeSession, encodeSession } from "@/lib/auth/jwt";
import { recordDeniedCapped } from "@/lib/audit/denied";
import { sessionActor } from "@/lib/auth/login";
import { db } from "@/lib/db/client";
import { databaseUp, unavailablePage, watchDatabase } from "@/lib/db/health";
import { env } from "@/lib/env";
import { appOrigin, clientIp, isSameOrigin } from "@/app/http/same-origin";

// A convenience, never the boundary (docs/architecture.md): lib/ checks every read and write itself.
// Here we send anonymous visitors to the login page and slide the idle timeout forward on activity
// by re-issuing the session cookie (the JWT's lifetime is the idle limit) — only while the session
// still holds. Web hardening also lives here: a fresh CSP nonce per request for pages, and no
// mutation from another origin (refusals recorded).

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * No inline script without this request's nonce ('strict-dynamic' lets Next's own chunks load);
 * inline styles stay allowed (React style props, ECharts' SVG); nothing may frame the app; no
 * plug-ins; forms post only here. No upgrade-insecure-requests: the product runs on plain http in
 * air-gapped networks, behind the operator's TLS when there is one.
 */
function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const warned = new Set<string>();
/**
 * A page of this very server posting from an address other than NEXTAUTH_URL means the setting is
 * not the address people use: every write would be refused. Said once per address in the log.
 */
function warnIfMisconfigured(origin: string | null, host: string | null): void {
  if (!origin || !host || warned.has(origin) || warned.size > 100) return;
  try {
    if (new URL(origin).host !== host) return;
  } catch {
    return;
  }
  warned.add(origin);
  console.warn(`[security] 拒绝了来自 ${origin} 的修改请求：它与 NEXTAUTH_URL（${appOrigin()}）不一致。如果用户通过 ${origin} 访问本系统，请把 NEXTAUTH_URL 设置为该地址。`);
}

const PUBLIC = ["/login", "/api/auth"];
/**
 * For the reverse proxy and the monitoring, without a session, even while the database is away (health
 * then says why): readiness and liveness, and /metrics, which checks its callers' addresses itself.
 */
const OPERATIONS = new Set(["/api/health", "/api/health/live", "/metrics"]);
const REFRESH_AFTER_MS = 60_000;

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // Database away: a clear 503 at once, instead of every request waiting for a dead connection.
  watchDatabase(process.env.DATABASE_URL);
  if (OPERATIONS.has(pathname) && (request.method === "GET" || request.method === "HEAD")) return NextResponse.next();
  if (!databaseUp()) {
    if (pathname.startsWith("/api/")) return NextResponse.json({ message: "数据库暂时无法连接，请稍后重试。" }, { status: 503, headers: { "Retry-After": "5" } });
    return new NextResponse(unavailablePage(), { status: 503, headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" } });
  }
  const secret = process.env.NEXTAUTH_SECRET;
  // The cookie's name follows NEXTAUTH_URL, as next-auth's own choice does (lib/auth/options.ts): behind
  // a TLS-terminating proxy this request itself arrives over plain http.
  const secure = appOrigin().startsWith("https:");
  const cookieName = secure ? "__Secure-next-auth.session-token" : "next-auth.session-token";
  let token = secret ? await getToken({ req: request, secret, secureCookie: secure, decode: decodeSession }) : null;

  // CSRF: a mutation must name the app's own origin (NEXTAUTH_URL) as its Origin — a missing or
  // "null" Origin is refused too (Server Actions, Route Handlers and next-auth's own POSTs alike).
  // Recorded, with a cap per address: refusing costs nothing, so neither may recording.
  if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request.headers)) {
    const origin = request.headers.get("origin");
    const who = token?.uid && token.username ? { id: token.uid, username: token.username } : null;
    await recordDeniedCapped(db(), who, pathname, `拒绝跨站请求：${request.method}，来源 ${origin ? origin.slice(0, 120) : "（未提供 Origin）"}`, clientIp(request.headers));
    warnIfMisconfigured(origin, request.headers.get("host"));
    return NextResponse.json({ message: "拒绝跨站请求。" }, { status: 403 });
  }
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);
  // Next reads the nonce for its own scripts from the request's policy header.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-pathname", pathname); // for the audit record of a refused page (app/guard.ts)
  const next = () => {
    const response = NextResponse.next({ request: { headers: requestHeaders } });
    // Pages get the page policy. Route Handlers answer JSON or files and set their own: a header set
    // here would replace theirs (the evidence download's "default-src 'none'; sandbox").
    if (!pathname.startsWith("/api/")) response.headers.set("Content-Security-Policy", csp);
    return response;
  };

  // Renewing slides the idle limit forward, so only a token that still holds is renewed: one whose
  // user signed out, was disabled or changed password (sessionVersion), or that is past the absolute
  // limit, is dropped here and its cookie cleared — a copied cookie cannot be kept alive.
  const isPublic = PUBLIC.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  const issuedAt = typeof token?.iat === "number" ? token.iat * 1000 : 0;
  const renew = token !== null && secret !== undefined && !isPublic && Date.now() - issuedAt > REFRESH_AFTER_MS;
  let ended = false;
  if (token && renew && "ended" in (await sessionActor(db(), token))) {
    token = null;
    ended = true;
  }

  if (!token) {
    const clear = (response: NextResponse) => {
      if (ended) response.cookies.delete(cookieName);
      return response;
    };
    if (isPublic) return clear(next());
    if (pathname.startsWith("/api/")) return clear(NextResponse.json({ message: "会话已过期，请重新登录。" }, { status: 401 }));
    const login = new URL("/login", request.url);
    login.searchParams.set("callbackUrl", pathname + search);
    if (ended) login.searchParams.set("expired", "1");
    return clear(NextResponse.redirect(login));
  }

  const response = next();
  if (renew) {
    const idleSeconds = env().SESSION_IDLE_MINUTES * 60;
    const fresh = await encodeSession({ token, secret: secret!, maxAge: idleSeconds });
    response.cookies.set(cookieName, fresh, {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      maxAge: idleSeconds,
    });
  }
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
