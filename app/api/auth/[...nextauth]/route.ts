import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { clientIp } from "@/lib/http/same-origin";

type Context = { params: Promise<{ nextauth: string[] }> };

// The caller's address goes to sign-in (per-address limit, audit) and sign-out (audit).
const handler = (req: NextRequest, ctx: Context) => NextAuth(req, ctx, authOptions({ ip: clientIp(req.headers) }));

export { handler as GET, handler as POST };
