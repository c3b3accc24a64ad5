import { NextResponse, type NextRequest } from "next/server";
import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { auditForbidden, errorResponse } from "@/lib/http/responses";
import { clientIp, isSameOrigin } from "@/lib/http/same-origin";
import { attachmentDisposition, deleteEvidence, EvidenceFileError, openEvidence } from "@/lib/progress/evidence";

// GET downloads one evidence file (audited in lib/); DELETE removes it while the month is editable.

const fail = (status: number, message: string) => NextResponse.json({ message }, { status });

type Params = { params: Promise<{ id: string }> };

export async function GET(request: NextRequest, { params }: Params) {
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const { id } = await params;
  try {
    const { meta, bytes } = await openEvidence(db(), actor, id, { ip: clientIp(request.headers) });
    return new Response(bytes, {
      headers: {
        // The sniffed type, never the browser's claim; with nosniff, attachment and a sandboxing CSP
        // nothing in the file runs in our origin even if a browser opened it inline.
        "Content-Type": meta.mimeType,
        "Content-Length": String(bytes.byteLength),
        "Content-Disposition": attachmentDisposition(meta.fileName),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    await auditForbidden(error, actor, request);
    if (error instanceof EvidenceFileError) {
      console.error("evidence download", id, error);
      return fail(500, "佐证材料文件缺失或已损坏，请联系系统管理员。");
    }
    return errorResponse(error, `evidence download ${id}`, { fallback: "下载失败，请稍后重试。" });
  }
}

export async function DELETE(request: NextRequest, { params }: Params) {
  if (!isSameOrigin(request.headers)) return fail(403, "拒绝跨站请求。");
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const { id } = await params;
  try {
    await deleteEvidence(db(), actor, id, { ip: clientIp(request.headers) });
    return new Response(null, { status: 204 });
  } catch (error) {
    await auditForbidden(error, actor, request);
    return errorResponse(error, `evidence delete ${id}`, { fallback: "删除失败，请稍后重试。" });
  }
}
