import { apiRoute } from "@/app/api-route";
import { attachment } from "@/app/http/responses";
import { accountTemplate } from "@/lib/accounts/template";
import { db } from "@/lib/db/client";

/** GET — the blank .xlsx for bulk account creation (admin only), with the units' codes and names beside it. */
export const GET = apiRoute({ heavy: true, may: "account.template" }, async () => attachment(await accountTemplate(db()), "批量创建账户模板.xlsx"));
