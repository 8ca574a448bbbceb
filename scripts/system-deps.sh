#!/usr/bin/env bash
# Debian packages roledocs needs beyond Python: CJK fonts and HarfBuzz subsetting
# for the PDFs, poppler-utils to read PDFs back in tests, Chromium for browser tests,
# LibreOffice Writer to check that the Word files open, LibreOffice Calc to compute
# the appraisal forms (.xlsx) in tests.
# Installs only what is missing; never asks twice.
set -euo pipefail
packages=(fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fontconfig poppler-utils chromium libreoffice-writer-nogui libreoffice-calc-nogui)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "缺少系统软件包：${missing[*]}（需要 Debian/Ubuntu 的 apt-get 安装）" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "缺少系统软件包。请运行下面的命令安装，然后重试：" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 2
fi
echo "安装系统软件包：${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
