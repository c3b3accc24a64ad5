import { apiRoute } from "@/app/api-route";
import { BULK_MAX_BYTES, importAccounts, planAccounts } from "@/lib/accounts/bulk";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// Bulk account creation from an .xlsx (multipart: `mode` preview|commit and `file`). A Route Handler,
// so the size is checked before the body is read. The answer to a commit carries the one-time
// passwords: never cached.

const answer = (body: object) => Response.json(body, { headers: { "Cache-Control": "private, no-store" } });

export const POST = apiRoute(
  { heavy: true, may: "account.bulkCreate", maxBytes: BULK_MAX_BYTES, body: "form", fallback: "批量创建失败，请稍后重试。", fieldErrors: "fieldErrors" },
  async ({ actor, body: form, ip }) => {
    const mode = form.get("mode");
    if (mode !== "preview" && mode !== "commit") throw new AppError("VALIDATION", "请先预览，再确认创建。");
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) throw new AppError("VALIDATION", "请选择 .xlsx 文件。", { file: "请选择文件" });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const fileName = file.name.slice(0, 200);
    if (mode === "preview") return answer({ plan: await planAccounts(db(), actor, bytes, fileName), committed: false });
    const { plan, created } = await importAccounts(db(), actor, bytes, fileName, { ip });
    return answer({ plan, created, committed: created.length > 0 });
  },
);
