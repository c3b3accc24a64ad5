import Link from "@/components/ui/link";

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg px-4 py-24 text-center">
      <p className="text-5xl font-bold text-slate-300">403</p>
      <h1 className="mt-4 text-xl font-semibold">您的角色无权访问此页面</h1>
      <p className="mt-2 text-slate-600">如需此权限，请联系系统管理员或安全管理员。</p>
      <Link href="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-white">
        返回首页
      </Link>
    </div>
  );
}
