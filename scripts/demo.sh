#!/usr/bin/env bash
# The main job on a fresh machine: Node 24, a clean install, the build, then a local npm
# registry (Verdaccio on 127.0.0.1, no uplinks) holding every workspace package, from which
# `npm create stack-plugin` scaffolds a plugin whose tests then run. Nothing leaves loopback
# after `npm ci`. Flags, in any order: --template <name>, --name <project>, --keep (keep the
# project in $TMPDIR/stack-pdk-demo/<name>), --serve (keep the registry running afterwards,
# storage in .tools/registry, as `npm run registry`; implies --keep).
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
