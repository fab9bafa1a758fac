#!/usr/bin/env bash
# Makes sure a Python that imports torch is here for the PyTorch export's tests (npm run
# test:torch): the first of $NNSPEC_PYTHON, python3 on PATH, Debian's /usr/bin/python3 that
# imports torch is kept; when none does, Debian's python3-torch is installed (as root), so
# the README's `npm ci && npm test` is the whole set-up of a fresh machine.
# Where that cannot be done (not root, not Debian), it fails and says what to install.
set -euo pipefail

for py in "${NNSPEC_PYTHON:-}" python3 /usr/bin/python3; do
  [ -n "$py" ] || continue
  if "$py" -c "import torch" >/dev/null 2>&1; then exit 0; fi
done

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "no Python here imports torch: installing Debian's python3-torch (once)" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 python3-torch >&2
  /usr/bin/python3 -c "import torch" && exit 0
fi

cat >&2 <<'MSG'
The PyTorch export's tests need a Python that imports torch, and none was found (tried
$NNSPEC_PYTHON, python3 and /usr/bin/python3). On Debian, as root, this script installs
python3-torch itself; elsewhere install PyTorch (pip install torch) or set NNSPEC_PYTHON to a
Python that has it, then run npm test again.
MSG
exit 1
