import { NextResponse, type NextRequest } from "next/server";
import { encode, getToken } from "next-auth/jwt";

// A convenience, never the boundary (architecture.md): lib/ checks every read and write itself.
// Here we send anonymous visitors to the login page and slide the idle timeout forward on activity
// by re-issuing the session cookie (the JWT's lifetime is the idle limit).

const PUBLIC = ["/login", "/api/auth"];
const REFRESH_AFTER_MS = 60_000;

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const secret = process.env.NEXTAUTH_SECRET;
  const secure = request.nextUrl.protocol === "https:";
  const cookieName = secure ? "__Secure-next-auth.session-token" : "next-auth.session-token";
  const token = secret ? await getToken({ req: request, secret, secureCookie: secure }) : null;

  if (!token) {
    if (PUBLIC.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return NextResponse.next();
    if (pathname.startsWith("/api/")) return NextResponse.json({ message: "会话已过期，请重新登录。" }, { status: 401 });
    const login = new URL("/login", request.url);
    login.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(login);
  }

  const response = NextResponse.next();
  const idleSeconds = Number(process.env.SESSION_IDLE_MINUTES || 30) * 60;
  const issuedAt = typeof token.iat === "number" ? token.iat * 1000 : 0;
  if (secret && Date.now() - issuedAt > REFRESH_AFTER_MS) {
    const fresh = await encode({ token, secret, maxAge: idleSeconds });
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
