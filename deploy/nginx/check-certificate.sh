#!/bin/sh
# 启动或重新加载 nginx 之前检查绩效通站点的 HTTPS 证书与私钥（由 systemd 的附加配置 nginx.service.d/jixiao.conf
# 调用）：文件不存在、不可读、不是证书、已过期、与私钥不匹配时，用中文说明原因和解决办法并
# 以非零状态退出，systemd 因此不启动 nginx，说明写入 journalctl -u nginx。30 天内到期只警告。
#
# 用法：check-certificate.sh 站点配置文件
# 证书和私钥的路径从站点配置的 ssl_certificate / ssl_certificate_key 读取，只在那里写一次。
set -u
site="${1:-/etc/nginx/sites-available/jixiao.conf}"
warn_days="${JIXIAO_CERT_WARN_DAYS:-30}"

say() { echo "绩效通 HTTPS 证书检查：$*" >&2; }

if [ ! -r "$site" ]; then
  say "找不到站点配置 $site。请确认已按 docs/deploy.md 把 deploy/nginx/jixiao.conf 复制到该位置，或在 /etc/systemd/system/nginx.service.d/jixiao.conf 中改为实际路径。"
  exit 1
fi
directive() { sed -n "s/^[[:space:]]*$1[[:space:]][[:space:]]*\([^;[:space:]]*\).*/\1/p" "$site" | head -n 1; }
cert=$(directive ssl_certificate)
key=$(directive ssl_certificate_key)
if [ -z "$cert" ] || [ -z "$key" ]; then
  say "$site 中没有 ssl_certificate 或 ssl_certificate_key。请按 docs/deploy.md 填写证书和私钥的路径。"
  exit 1
fi

fix="请把有效的证书（含中间证书）和私钥放到上述位置（或修改 $site 中的路径），然后执行 systemctl restart nginx。自签名证书的做法见 docs/deploy.md “HTTPS 证书”。"
for file in "$cert" "$key"; do
  if [ ! -e "$file" ]; then say "文件 $file 不存在。$fix"; exit 1; fi
  if [ ! -r "$file" ]; then say "文件 $file 不可读（当前用户 $(id -un)）。请检查其权限（证书 644、私钥 600，属主 root）。"; exit 1; fi
done
if ! openssl x509 -in "$cert" -noout 2>/dev/null; then
  say "$cert 不是 PEM 格式的证书。若证书是 .cer/.der（二进制）格式，可用 openssl x509 -inform der -in 原文件 -out $cert 转换。$fix"
  exit 1
fi
end=$(openssl x509 -in "$cert" -noout -enddate | sed 's/^notAfter=//')
if ! openssl x509 -in "$cert" -noout -checkend 0 >/dev/null; then
  say "证书 $cert 已于 $end 过期，浏览器会拒绝访问本站。$fix"
  exit 1
fi
# The public key of the certificate and the one derived from the private key must be the same.
cert_key=$(openssl x509 -in "$cert" -noout -pubkey 2>/dev/null | openssl sha256)
private_key=$(openssl pkey -in "$key" -pubout 2>/dev/null | openssl sha256)
if [ -z "$private_key" ] || [ "$cert_key" != "$private_key" ]; then
  say "私钥 $key 与证书 $cert 不匹配（或私钥有口令、格式不对）。请使用签发该证书时生成的私钥（无口令的 PEM 格式）。"
  exit 1
fi
if ! openssl x509 -in "$cert" -noout -checkend $((warn_days * 86400)) >/dev/null; then
  say "注意：证书 $cert 将于 $end 到期（不足 ${warn_days} 天），请尽快更换。"
fi
exit 0
