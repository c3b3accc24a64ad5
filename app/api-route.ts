import "server-only";
import type { z } from "zod";
import { recordRefusal } from "@/lib/audit/denied";
import type { Actor } from "@/lib/auth/roles";
import { refusalOf, type Action } from "@/lib/auth/policy";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { denied, errorResponse, fail, heavyLimit } from "@/app/http/responses";
import { clientIp, isSameOrigin } from "@/app/http/same-origin";
import { activeActor } from "@/app/session";

/** Methods that change nothing: every other one must come from the app's own origin. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Room above an upload's file limit for the multipart envelope (boundaries, the small fields). */
const ENVELOPE_BYTES = 64 * 1024;

/** A JSON body checked by a zod schema, a multipart form (uploads), or none. */
type BodyKind = z.ZodType | "form" | undefined;
type BodyOf<B> = B extends z.ZodType ? z.output<B> : B extends "form" ? FormData : undefined;

export interface ApiRouteOptions<B extends BodyKind> {
  /** false: answered without a session (readiness, liveness, /metrics); the actor is then null. */
  session?: boolean;
  /** The policy's rule for this route (lib/auth/policy.ts): anyone it refuses gets 403 with the rule's message, recorded. */
  may?: Action;
  /** An export, import, template or upload: counted against the heavy-endpoint rate limit (429). */
  heavy?: boolean;
  /**
   * The declared Content-Length's limit, checked before the body is read: a JSON body's own; for a
   * form, its file's (the envelope comes on top), and a form without a declared length is refused
   * (411) since its size could not be checked first. A function is read per request (a setting).
   */
  maxBytes?: number | (() => number);
  /** The 413 message; by default a form's says its limit and the declared size, JSON's "请求过大。". */
  tooLarge?: string;
  body?: B;
  /** The 500 message for an unexpected error (logged with the method and path). */
  fallback?: string;
  /** Where lib/'s field errors go in a refusal's body (the JSON APIs say `errors`); left out by default. */
  fieldErrors?: "fieldErrors" | "errors";
}

export interface ApiContext<B extends BodyKind, A extends Actor | null> {
  request: Request;
  actor: A;
  /** The caller's address for the audit trail (clientIp). */
  ip: string | null;
  search: URLSearchParams;
  /** The route's dynamic segments. */
  params: Record<string, string>;
  body: BodyOf<B>;
}

type Segments = Record<string, string | string[] | undefined>;
export type RouteHandler = (request: Request, context?: { params?: Promise<Segments> }) => Promise<Response>;

/**
 * The one opening of every Route Handler (app/ stays thin), in this order: a mutation from another
 * origin is refused (proxy.ts refuses and records it first: this is the last line, not recorded
 * twice); the session (401; a pending password change or two-factor enrolment is recorded by
 * activeActor); the heavy-endpoint limit (429, recorded); the role (403, recorded); the declared
 * size (411/413); the body (400 when unreadable; a zod refusal is a 422 with the schema's Chinese
 * messages). Then the handler runs, and whatever it throws is answered by the one error table
 * (responses.ts STATUS), a refusal recorded once on the audit trail first — unless lib/ already
 * recorded it under its own event (AppError.recorded).
 */
export function apiRoute<B extends BodyKind = undefined>(options: ApiRouteOptions<B> & { session: false }, handler: (context: ApiContext<B, null>) => Promise<Response> | Response): RouteHandler;
export function apiRoute<B extends BodyKind = undefined>(options: ApiRouteOptions<B>, handler: (context: ApiContext<B, Actor>) => Promise<Response> | Response): RouteHandler;
export function apiRoute<B extends BodyKind>(options: ApiRouteOptions<B>, handler: (context: ApiContext<B, never>) => Promise<Response> | Response): RouteHandler {
  return async (request, context) => {
    if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request.headers)) return fail(403, "拒绝跨站请求。");
    let actor: Actor | null = null;
    if (options.session !== false) {
      actor = await activeActor();
      if (!actor) return fail(401, "会话已过期，请重新登录。");
      if (options.heavy) {
        const limited = await heavyLimit(actor, request);
        if (limited) return limited;
      }
      const refused = options.may ? refusalOf(actor, options.may) : null;
      if (refused) return denied(actor, request, refused.message);
    }
    const tooLarge = sizeRefusal(request, options);
    if (tooLarge) return tooLarge;
    let raw: unknown;
    if (options.body === "form") {
      raw = await request.formData().catch(() => null);
      if (!raw) return fail(400, "无法读取上传的内容，请重新选择文件。");
    } else if (options.body) {
      try {
        raw = await request.json();
      } catch {
        return fail(400, "请求内容不是有效的 JSON。");
      }
    }
    const url = new URL(request.url);
    const ip = clientIp(request.headers);
    try {
      const body = (options.body && options.body !== "form" ? validate(options.body, raw) : raw) as BodyOf<B>;
      const params = Object.fromEntries(Object.entries((await context?.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : (v ?? "")]));
      // The overloads pair `session: false` with a null actor, every other route with a signed-in one.
      return await handler({ request, actor: actor as never, ip, search: url.searchParams, params, body });
    } catch (caught) {
      // FORBIDDEN, and NOT_FOUND too (how lib/ answers another unit's real id: a probe), go on the trail.
      await recordRefusal(db(), actor, url.pathname, caught, ip);
      return errorResponse(caught, `${request.method} ${url.pathname}`, { fallback: options.fallback, fieldErrorsKey: options.fieldErrors });
    }
  };
}

/** The 411/413 answer when the declared length is missing (a form) or over the limit; null when it may be read. */
function sizeRefusal(request: Request, options: ApiRouteOptions<BodyKind>): Response | null {
  if (options.maxBytes === undefined) return null;
  const limit = typeof options.maxBytes === "function" ? options.maxBytes() : options.maxBytes;
  const declared = Number(request.headers.get("content-length") ?? "");
  if (options.body !== "form") return declared > limit ? fail(413, options.tooLarge ?? "请求过大。") : null;
  if (!declared) return fail(411, "请求缺少长度信息，请用页面上的表单上传。");
  if (declared <= limit + ENVELOPE_BYTES) return null;
  return fail(413, options.tooLarge ?? `文件过大：上限 ${limit / 1024 / 1024} MB，本次约 ${(declared / 1024 / 1024).toFixed(1)} MB。`);
}

/**
 * A value checked by a zod schema, or a VALIDATION error carrying the schema's Chinese messages: by
 * field (first path segment) with the common "输入有误，请按提示修改。", or — when the schema refuses
 * the value as a whole — its one message.
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const { issues } = parsed.error;
  const fieldErrors = Object.fromEntries(issues.filter((i) => i.path.length > 0).map((i) => [String(i.path[0]), i.message]));
  throw new AppError("VALIDATION", Object.keys(fieldErrors).length > 0 ? "输入有误，请按提示修改。" : issues[0]!.message, fieldErrors);
}

/** A form's text fields (files left out), for validate. */
export const formFields = (form: FormData): Record<string, string> => Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
