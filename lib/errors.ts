// Typed domain errors (documenso's AppError pattern): lib throws them with a Chinese message a user
// may read; app/ maps them to 404/403 pages or form messages. Anything else is an internal error,
// logged with detail and shown generically.
export type AppErrorCode = "NOT_FOUND" | "FORBIDDEN" | "VALIDATION" | "CONFLICT";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what = "记录") => new AppError("NOT_FOUND", `${what}不存在，或您无权查看。`);
export const forbidden = (message = "您没有执行此操作的权限。") => new AppError("FORBIDDEN", message);
