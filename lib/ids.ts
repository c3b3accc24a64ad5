const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a value from a URL or a form is a well-formed id. Checked before any query: a malformed id is
 * "not found", never a database cast error.
 */
export function isUuid(value: string): boolean {
  // typeof: RegExp.test coerces, and an array holding one id (a crafted Server Action argument) would pass.
  return typeof value === "string" && UUID.test(value);
}
