import type { Prisma } from "@/lib/db/generated/client";

/**
 * A value as a JSON column takes it. JSONB refuses a lone surrogate and NUL, which a text column
 * stores as U+FFFD (the wire is UTF-8) or refuses; both become U+FFFD, as the audit trail does.
 */
export const jsonColumn = (value: object): Prisma.InputJsonObject =>
  JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? v.replace(/\p{Cs}|\u0000/gu, "\uFFFD") : v))) as Prisma.InputJsonObject;
