import { apiRoute } from "@/app/api-route";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { evidenceMaxMb, listEvidence, uploadEvidence } from "@/lib/progress/evidence";

// Evidence (佐证材料): POST uploads one file to a check-in or a payment (multipart: `checkInId` or
// `expenditureId`, + `file`); GET lists a check-in's (?checkInId=) or an indicator's (?indicatorId=)
// files. A Route Handler rather than a Server Action, so the declared size is refused before the body
// is read. lib/ decides who may upload; refusing other roles first only spares reading their body.

export const POST = apiRoute(
  { heavy: true, may: "evidence.upload", maxBytes: () => evidenceMaxMb() * 1024 * 1024, body: "form", fallback: "上传失败，请稍后重试。", fieldErrors: "fieldErrors" },
  async ({ actor, body: form, ip }) => {
    const checkInId = form.get("checkInId");
    const expenditureId = form.get("expenditureId");
    const file = form.get("file");
    const target = typeof expenditureId === "string" && expenditureId ? { expenditureId } : typeof checkInId === "string" && checkInId ? { checkInId } : null;
    if (!target) throw new AppError("VALIDATION", "缺少填报或支出记录，请先保存再上传佐证材料。", { checkInId: "请先保存填报" });
    if (!(file instanceof File)) throw new AppError("VALIDATION", "请选择要上传的文件。", { file: "请选择文件" });
    const meta = await uploadEvidence(db(), actor, { ...target, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, { ip });
    return Response.json(meta, { status: 201 });
  },
);

export const GET = apiRoute({ fallback: "读取佐证材料失败，请稍后重试。" }, async ({ actor, search }) => {
  const checkInId = search.get("checkInId");
  const indicatorId = search.get("indicatorId");
  if (!checkInId && !indicatorId) throw new AppError("VALIDATION", "请指定 checkInId 或 indicatorId。");
  const items = await listEvidence(db(), actor, checkInId ?? { indicatorId: indicatorId! });
  return Response.json({ items }, { headers: { "Cache-Control": "private, no-store" } });
});
