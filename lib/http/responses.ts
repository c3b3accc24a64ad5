import { AppError } from "@/lib/errors";

/** A file download: never cached, never sniffed, named in UTF-8 (RFC 6266 filename*). */
export function attachment(bytes: Uint8Array, fileName: string, type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): Response {
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** A JSON error with a Chinese message. */
export const fail = (status: number, message: string) => Response.json({ message }, { status });

/** lib/'s typed errors as HTTP answers; anything else logged with `what` and answered generically (no details leave the server). */
export function errorResponse(error: unknown, what: string): Response {
  if (error instanceof AppError) return fail(error.code === "NOT_FOUND" ? 404 : error.code === "FORBIDDEN" ? 403 : error.code === "CONFLICT" ? 409 : 422, error.message);
  console.error(what, error);
  return fail(500, "操作失败，请稍后重试。");
}
