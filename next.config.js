/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Behind the documented nginx (deploy/nginx/jixiao.conf: gzip on) the proxy compresses, and
  // compressing here too costs 1–2 ms of CPU a page for nothing: HTTP_COMPRESSION=off there. Read at
  // `next start`. Without a proxy (npm start on a bureau's server) the app compresses its answers itself.
  compress: process.env.HTTP_COMPRESSION !== "off",
  // `npm test` runs `tsc --noEmit` over the whole tree (tests included) before any build, so the
  // build does not type-check a second time (it would also fail on a test file being written).
  typescript: { ignoreBuildErrors: true },
  // Native or WASM packages that must be loaded by Node at run time, not bundled; prom-client too, so
  // that every bundle (proxy, instrumentation, routes) counts into the one registry of the process.
  serverExternalPackages: ["@node-rs/argon2", "@electric-sql/pglite", "pg", "exceljs", "iconv-lite", "prom-client"],
  experimental: {
    authInterrupts: true,
    // proxy.ts sees every request, and Next buffers bodies for it up to this size: above the upload
    // limits (targets 10 MB, evidence 20 MB) so the route handlers, not a cut-off, give the answer.
    proxyClientMaxBodySize: "25mb",
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
