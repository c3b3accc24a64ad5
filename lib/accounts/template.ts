import ExcelJS from "exceljs";
import type { Db } from "@/lib/db/client";
import { workbookBuffer } from "@/lib/xlsx/write";

// The blank workbook for bulk account creation (./bulk.ts reads it back): the four columns with a
// drop-down for 角色, and a second sheet listing every unit and department by code and name, so
// nobody has to guess how a unit is spelt.

export async function accountTemplate(db: Db): Promise<Uint8Array> {
  const departments = await db.department.findMany({ orderBy: { code: "asc" }, select: { code: true, name: true, units: { orderBy: { code: "asc" }, select: { code: true, name: true } } } });
  const book = new ExcelJS.Workbook();
  book.creator = "绩效通";
  const sheet = book.addWorksheet("账户", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: "姓名", key: "name", width: 14 },
    { header: "用户名", key: "username", width: 18 },
    { header: "角色", key: "role", width: 14 },
    { header: "单位", key: "place", width: 34 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (let row = 2; row <= 501; row++) {
    sheet.getCell(`C${row}`).dataValidation = { type: "list", allowBlank: true, formulae: ['"填报人,单位审核人,局领导"'], showErrorMessage: true, errorTitle: "角色", error: "请选择 填报人、单位审核人 或 局领导" };
  }
  const places = book.addWorksheet("单位代码");
  places.columns = [
    { header: "代码", key: "code", width: 12 },
    { header: "名称", key: "name", width: 36 },
    { header: "类别", key: "kind", width: 10 },
  ];
  places.getRow(1).font = { bold: true };
  for (const d of departments) {
    places.addRow({ code: d.code, name: d.name, kind: "部门" });
    for (const u of d.units) places.addRow({ code: u.code, name: u.name, kind: "单位" });
  }
  const notes = book.addWorksheet("填写说明");
  for (const line of [
    "每行一个账户，填写 姓名、用户名、角色、单位 四列；第一行表头不要改动。",
    "用户名：3–32 位字母、数字或 . _ -，以字母或数字开头，不能与已有账户重复（不分大小写）。",
    "角色：填报人、单位审核人 或 局领导。系统管理员、安全管理员、审计管理员由安全管理员授予，不能批量创建。",
    "单位：填写“单位代码”工作表中的代码或名称；填报人和单位审核人填单位，局领导填部门（或其下任一单位）。",
    "上传后先预览：有任何一行有误，都不会创建任何账户。全部无误并确认后，系统生成一次性初始密码，只显示一次，请打印交给本人。",
  ]) notes.addRow([line]);
  notes.getColumn(1).width = 110;
  return workbookBuffer(book);
}
