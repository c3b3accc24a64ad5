"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

export interface EvidenceItem {
  id: string;
  fileName: string;
  size: number;
  uploadedBy: string;
  asOfDate: string;
}

const ACCEPT = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.ofd";
const kb = (n: number) => (n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** Evidence (佐证材料) of an indicator: download links for readers, upload to an editable check-in for its reporter. */
export function EvidencePanel({ items, uploadTo, maxMb }: { items: EvidenceItem[]; uploadTo: { checkInId?: string; expenditureId?: string; label: string } | null; maxMb: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const upload = (file: File | undefined) => {
    if (!file || !uploadTo) return;
    setUploaded(null);
    if (file.size > maxMb * 1024 * 1024) return setError(`文件过大：上限 ${maxMb} MB`);
    startTransition(async () => {
      const body = new FormData();
      if (uploadTo.checkInId) body.append("checkInId", uploadTo.checkInId);
      if (uploadTo.expenditureId) body.append("expenditureId", uploadTo.expenditureId);
      body.append("file", file);
      const response = await fetch("/api/evidence", { method: "POST", body });
      if (!response.ok) {
        const json = (await response.json().catch(() => ({}))) as { message?: string };
        return setError(json.message ?? "上传失败。");
      }
      setError(null);
      setUploaded(`已上传“${file.name}”。`);
      router.refresh();
    });
  };

  return (
    <div className="space-y-2 text-sm">
      {items.length === 0 ? (
        <p className="text-slate-600">暂无佐证材料。</p>
      ) : (
        <ul className="space-y-1">
          {items.map((e) => (
            <li key={e.id}>
              <a href={`/api/evidence/${e.id}`} className="text-brand-700 hover:underline">{e.fileName}</a>
              <span className="ml-2 text-slate-500">{kb(e.size)} · {e.asOfDate} · {e.uploadedBy}</span>
            </li>
          ))}
        </ul>
      )}
      {uploadTo && (
        <div>
          <label htmlFor={`evidence-file-${uploadTo.checkInId ?? uploadTo.expenditureId}`} className="mb-1 block font-medium">{uploadTo.label}（PDF、图片、Office 文档、OFD，不超过 {maxMb} MB）</label>
          <input id={`evidence-file-${uploadTo.checkInId ?? uploadTo.expenditureId}`} data-evidence-input type="file" accept={ACCEPT} disabled={pending} onChange={(e) => upload(e.target.files?.[0])} />
          {pending && <span className="ml-2 text-slate-500">正在上传……</span>}
        </div>
      )}
      {error && <p data-evidence-error role="alert" className="text-red-700">{error}</p>}
      {uploaded && <p role="status" className="text-green-700">{uploaded}</p>}
    </div>
  );
}
