import { apiRoute } from "@/app/api-route";
import { attachment, fail } from "@/app/http/responses";
import { db } from "@/lib/db/client";
import { deleteEvidence, EvidenceFileError, openEvidence } from "@/lib/progress/evidence";

// GET downloads one evidence file (audited in lib/); DELETE removes it while the month is editable.

export const GET = apiRoute({ fallback: "下载失败，请稍后重试。" }, async ({ actor, params, ip }) => {
  const id = params.id ?? "";
  try {
    const { meta, bytes } = await openEvidence(db(), actor, id, { ip });
    // The sniffed type, never the browser's claim; with nosniff, attachment and a sandboxing CSP
    // nothing in the file runs in our origin even if a browser opened it inline.
    return attachment(bytes, meta.fileName, { type: meta.mimeType, fallbackStem: "evidence" });
  } catch (error) {
    if (!(error instanceof EvidenceFileError)) throw error;
    console.error("evidence download", id, error);
    return fail(500, "佐证材料文件缺失或已损坏，请联系系统管理员。");
  }
});

export const DELETE = apiRoute({ fallback: "删除失败，请稍后重试。" }, async ({ actor, params, ip }) => {
  await deleteEvidence(db(), actor, params.id ?? "", { ip });
  return new Response(null, { status: 204 });
});
