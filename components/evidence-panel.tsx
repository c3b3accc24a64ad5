"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { describedBy, FieldError, hintId } from "./form-field";

export interface EvidenceItem {
  id: string;
  fileName: string;
  size: number;
  uploadedBy: string;
  asOfDate: string;
}

const ACCEPT = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.ofd";
const kb = (n: number) => (n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/**
 * Evidence (佐证材料) of an indicator: download links for readers, upload to an editable check-in for
 * its reporter. The file field is on the form pattern (components/form-field.tsx): what it accepts is its
 * hint, a refused file's reason its message, and a refusal puts focus back on it so both are read.
 */
export function EvidencePanel({ items, uploadTo, maxMb }: { items: EvidenceItem[]; uploadTo: { checkInId?: string; expenditureId?: string; label: string } | null; maxMb: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const input = useRef<HTMLInputElement>(null);
  const id = `evidence-file-${uploadTo?.checkInId ?? uploadTo?.expenditureId}`;
  const refuse = (message: string) => {
    setError(message);
    input.current?.focus();
  };

  const upload = (file: File | undefined) => {
    if (!file || !uploadTo || pending) return;
    setUploaded(null);
    if (file.size > maxMb * 1024 * 1024) return refuse(`文件过大：上限 ${maxMb} MB`);
    startTransition(async () => {
      const body = new FormData();
      if (uploadTo.checkInId) body.append("checkInId", uploadTo.checkInId);
      if (uploadTo.expenditureId) body.append("expenditureId", uploadTo.expenditureId);
      body.append("file", file);
      const response = await fetch("/api/evidence", { method: "POST", body });
      if (!response.ok) {
        const json = (await response.json().catch(() => ({}))) as { message?: string };
        return refuse(json.message ?? "上传失败。");
      }
      setError(null);
      setUploaded(`已上传“${file.name}”。`);
      // The upload went to a Route Handler, which revalidates no page: the list of files is fetched here.
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
          <label htmlFor={id} className="mb-1 block font-medium">{uploadTo.label}</label>
          <input ref={input} data-evidence-input type="file" accept={ACCEPT} aria-busy={pending} onChange={(e) => upload(e.target.files?.[0])} {...describedBy(id, error, true)} />
          <p id={hintId(id)} className="mt-1 text-xs text-slate-600">PDF、图片、Office 文档、OFD，不超过 {maxMb} MB</p>
        </div>
      )}
      {/* Both regions are in the page before their text, so the text is announced when it appears. */}
      <div role="alert" data-evidence-error={error ? "" : undefined}>{uploadTo && <FieldError id={id} error={error} className="text-red-700" />}</div>
      <div role="status" className="text-slate-600">{pending ? "正在上传……" : uploaded && <span className="text-green-700">{uploaded}</span>}</div>
    </div>
  );
}
