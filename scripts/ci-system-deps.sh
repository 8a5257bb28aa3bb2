#!/usr/bin/env bash
# Debian packages the test suites need (Chromium for the docs-site browser tests, git for
# generated projects, bubblewrap which confines the programs plugins run, PostgreSQL whose
# server the ctx.db tests start on a temp folder). Installed only when missing, so local runs stay fast.
set -euo pipefail
need=()
command -v git >/dev/null 2>&1 || need+=(git)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
# Debian keeps the server binaries off the PATH, under /usr/lib/postgresql/<version>/bin.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
pg=$(compgen -G '/usr/lib/postgresql/*/bin/postgres' | head -n1 || true)
echo "system packages: git $(git --version | cut -d' ' -f3), $(chromium --version 2>/dev/null || echo 'chromium missing'), bwrap $(bwrap --version 2>/dev/null | cut -d' ' -f2), $( [[ -n $pg ]] && "$pg" --version || echo 'postgresql missing')"
