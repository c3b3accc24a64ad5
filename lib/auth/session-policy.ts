/**
 * Session limits (等保 2.0 身份鉴别: 登录连接超时自动退出). The idle limit is enforced by the JWT's own
 * lifetime, which proxy.ts slides forward on activity; the absolute limit counts from sign-in and
 * no activity extends it.
 */
export function sessionEnded(authTime: number | undefined, now: number, maxHours: number): boolean {
  return !authTime || now - authTime > maxHours * 3_600_000 || authTime > now + 60_000;
}

/** Whether an idle session (last token issued at `issuedAt`, in seconds) has run out. */
export function idleExpired(issuedAtSeconds: number | undefined, now: number, idleMinutes: number): boolean {
  return !issuedAtSeconds || now - issuedAtSeconds * 1000 > idleMinutes * 60_000;
}
