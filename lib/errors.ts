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
 * A database refusal the user can act on, as an AppError; null for anything else:
 *  - text holding a NUL character, which PostgreSQL stores in neither text nor JSON (VALIDATION);
 *  - a write into a closed fiscal year, refused by the database's own trigger with its message
 *    (SQLSTATE JX001, lib/fiscal-years.ts rule 3): a refusal (FORBIDDEN), recorded as one.
 */
export function inputError(error: unknown): AppError | null {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; originalMessage?: unknown } } } } | null)?.meta?.driverAdapterError?.cause;
  const code = cause?.originalCode;
  if (code === "JX001") return new AppError("FORBIDDEN", typeof cause?.originalMessage === "string" ? cause.originalMessage : "该年度已关闭，只能查看，不能修改。");
  return code === "22021" || code === "22P05" ? new AppError("VALIDATION", "输入中含有无法保存的字符（如空字符），请删除后重试。") : null;
}

export const notFound = (what = "记录") => new AppError("NOT_FOUND", `${what}不存在，或您无权查看。`);
export const forbidden = (message = "您没有执行此操作的权限。") => new AppError("FORBIDDEN", message);
