#!/usr/bin/env bash
# The main job on a fresh machine: Node 24, a clean install, the build, then a local npm
# registry (Verdaccio on 127.0.0.1, no uplinks) holding every workspace package, from which
# `npm create stack-plugin` scaffolds a plugin whose tests then run. Nothing leaves loopback
# after `npm ci`. Pass --keep to keep the generated plugin in $TMPDIR/stack-pdk-demo/demo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n### %s\n' "$*"; }

step "Node >= 22.12 on PATH (scripts/use-node.sh)"
# shellcheck source=scripts/use-node.sh
source scripts/use-node.sh
node --version

step "npm ci"
npm ci --no-audit --no-fund

step "npm run build"
npm run build

step "Local registry, publish, npm create stack-plugin, npm test (node e2e/demo.ts)"
node e2e/demo.ts "$@"
