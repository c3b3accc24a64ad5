import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { clientIp } from "@/app/http/same-origin";
import { authOptions } from "@/lib/auth/options";

// next-auth's own protocol (sign-in, sign-out, CSRF token, session): the one Route Handler outside
// apiRoute. It has no session to check, no body of ours to read and no lib/ error to map; its
// redirects are thrown and answered by Next.js, which apiRoute's error table would turn into 500s;
// proxy.ts already refuses its cross-site POSTs (recorded). The caller's address goes to sign-in
// (per-address limit, audit) and sign-out (audit).
type Context = { params: Promise<{ nextauth: string[] }> };
const handler = (req: NextRequest, ctx: Context) => NextAuth(req, ctx, authOptions({ ip: clientIp(req.headers) }));

export { handler as GET, handler as POST };
