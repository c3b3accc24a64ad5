/**
 * Content-Disposition of every download (RFC 6266): `filename*` (RFC 5987, UTF-8, percent-encoded,
 * with ' ( ) * encoded too) carries the real name, Chinese and all; the plain `filename` is an ASCII
 * fallback for old clients. The name itself serves as the fallback only when it is printable ASCII
 * without a quote, backslash or percent sign (which clients unescape differently); any other name
 * falls back to `fallbackStem` with the name's extension, so nothing a user typed can end the
 * parameter or add a header line.
 */
export function contentDisposition(fileName: string, fallbackStem = "download"): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const fallback = /^[\x20-\x7e]+$/.test(fileName) && !/["\\%]/.test(fileName) ? fileName : `${fallbackStem}${/\.[A-Za-z0-9]+$/.exec(fileName)?.[0] ?? ""}`;
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
