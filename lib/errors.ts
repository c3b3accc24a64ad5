// Typed domain errors (documenso's AppError pattern): lib throws them with a Chinese message a user
// may read; app/ maps them to 404/403 pages or form messages. Anything else is an internal error,
// logged with detail and shown generically.
/** TOO_LARGE: a file over its size limit (HTTP 413), however the request reached the check. */
export type AppErrorCode = "NOT_FOUND" | "FORBIDDEN" | "VALIDATION" | "CONFLICT" | "TOO_LARGE";

export class AppError extends Error {
  /** Set when lib/ has already written this refusal to the audit trail: the wrappers then add nothing. */
  recorded = false;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

/**
 * A database refusal caused by the input itself — text holding a NUL character, which PostgreSQL
 * stores in neither text nor JSON — as a VALIDATION error the user can act on; null for anything else.
 */
export function inputError(error: unknown): AppError | null {
  const code = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null)?.meta?.driverAdapterError?.cause?.originalCode;
  return code === "22021" || code === "22P05" ? new AppError("VALIDATION", "输入中含有无法保存的字符（如空字符），请删除后重试。") : null;
}

export const notFound = (what = "记录") => new AppError("NOT_FOUND", `${what}不存在，或您无权查看。`);
export const forbidden = (message = "您没有执行此操作的权限。") => new AppError("FORBIDDEN", message);
