#!/usr/bin/env bash
# Installs what the end-to-end tests need, outside the repository, cached between runs:
# Debian's chromium, ripgrep, libkrb5-dev and a Korean font (the Korean scenario's screenshots),
# and code-server (VS Code for the browser).
# Prints the code-server folder's path on its last line.
#
# The cache folder is named after a hash of this script, so any change to how code-server is
# installed (its version included) installs afresh instead of reusing a folder an older, possibly
# broken, recipe left behind. A folder counts as installed only once code-server has started
# (`--version`) and the marker file says so; a half-finished install is wiped and redone.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# HOME may be unset in a CI environment; fall back to the user's home from the passwd database.
HOME_DIR="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
CACHE="${NNSPEC_E2E_CACHE:-$HOME_DIR/.cache/nnspec-e2e}"
RECIPE_HASH=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)
DIR="$CACHE/code-server-$CODE_SERVER_VERSION-$RECIPE_HASH"
MARKER="$DIR/.installed"

# Installed, not merely known: a removed package keeps its configuration files and dpkg -s still
# succeeds for it (fonts-nanum has some).
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
installed libkrb5-dev || need_apt+=(libkrb5-dev)
installed fonts-nanum || need_apt+=(fonts-nanum)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need_apt[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >&2
fi

if [ ! -f "$MARKER" ]; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  # @vscode/ripgrep's install step downloads a binary, which fails offline. It skips the
  # download when its cache already holds the tarball, so put Debian's rg there, for every
  # version of the package code-server may pull in.
  tmp="${TMPDIR:-/tmp}"
  staging=$(mktemp -d)
  cp "$(command -v rg)" "$staging/rg"
  for v in $(npm view @vscode/ripgrep versions --json | tr -d '[]", ' | tr '\n' ' '); do
    mkdir -p "$tmp/vscode-ripgrep-cache-$v"
    for target in x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
      for rgv in v13.0.0-10 v13.0.0-11 v13.0.0-12 v13.0.0-13 v14.1.1-1; do
        f="$tmp/vscode-ripgrep-cache-$v/ripgrep-$rgv-$target.tar.gz"
        [ -f "$f" ] || tar -czf "$f" -C "$staging" rg
      done
    done
  done
  rm -rf "$staging"
  echo "installing code-server $CODE_SERVER_VERSION into $DIR (about 280 MB, once)" >&2
  # code-server's postinstall installs VS Code's own modules (native ones built with node-gyp)
  # and refuses to run as root unless npm's unsafe-perm is set; npm 7+ no longer has the flag,
  # so it is passed the way the script reads it, as an environment variable.
  (cd "$DIR" && echo '{"private":true}' > package.json \
    && npm_config_yes=true npm_config_unsafe_perm=true \
       npm install --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION" >&2)
  "$DIR/node_modules/.bin/code-server" --version >&2
  touch "$MARKER"
fi
echo "$DIR"
