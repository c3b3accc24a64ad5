import Link from "@/components/ui/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg px-4 py-24 text-center">
      <p className="text-5xl font-bold text-slate-300">404</p>
      <h1 className="mt-4 text-xl font-semibold">页面不存在，或您无权查看</h1>
      <p className="mt-2 text-slate-600">请检查网址，或回到首页重新进入。</p>
      <Link href="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-white">
        返回首页
      </Link>
    </div>
  );
}
