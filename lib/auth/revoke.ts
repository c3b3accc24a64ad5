import type { Prisma } from "@/lib/db/generated/client";

/**
 * Ends every session of a user at once (server-side revocation). A session token carries the
 * sessionVersion its user had at sign-in; the jwt callback (lib/auth/options.ts) checks it on every
 * request and proxy.ts before it renews a cookie, so moving the version on refuses every copy of
 * every earlier token. Called on sign-out, a password change or reset, a role or status change, a
 * removed second factor, the security officer's 结束会话, and when 修改密码's guesses lock the name.
 *
 * With `ifVersion`, only a session that is still current can end them (a sign-out replayed with an
 * old cookie changes nothing). Returns whether the version moved. Run it inside the transaction that
 * records why.
 */
export async function revokeSessions(tx: Pick<Prisma.TransactionClient, "user">, userId: string, options: { ifVersion?: number } = {}): Promise<boolean> {
  const { count } = await tx.user.updateMany({
    where: { id: userId, ...(options.ifVersion !== undefined ? { sessionVersion: options.ifVersion } : {}) },
    data: { sessionVersion: { increment: 1 } },
  });
  return count > 0;
}
