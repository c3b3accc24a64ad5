/**
 * What every Server Action returns (app/action.ts runAction): a value, or a Chinese message with
 * field errors for the form. A type only, so that forms in components/ read it without importing app/.
 */
export type ActionResult<T = undefined> = { ok: true; value?: T } | { ok: false; message: string; fieldErrors?: Record<string, string> };
