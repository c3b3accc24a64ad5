"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  // Details stay in the server log; the user gets a plain message (docs/architecture.md).
  return (
    <div className="mx-auto max-w-lg px-4 py-24 text-center">
      <h1 className="text-xl font-semibold">系统暂时无法完成请求</h1>
      <p className="mt-2 text-slate-600">请稍后重试。如果问题持续，请联系系统管理员。</p>
      <button type="button" onClick={reset} className="mt-6 rounded-md bg-brand-600 px-4 py-2 text-white">
        重试
      </button>
    </div>
  );
}
