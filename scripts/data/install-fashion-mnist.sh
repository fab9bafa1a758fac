#!/usr/bin/env bash
# Makes sure Fashion-MNIST is here for the image tests (npm run test:unit): Debian's package
# dataset-fashion-mnist puts MNIST's own IDX files in /usr/share/datasets/fashion-mnist, and the
# tests read them as a user's downloaded files. Installed (as root) when missing, so the README's
# `npm ci && npm test` is the whole set-up of a fresh machine; elsewhere it fails and says how.
set -euo pipefail
DIR=/usr/share/datasets/fashion-mnist
[ -f "$DIR/train-images-idx3-ubyte.gz" ] && [ -f "$DIR/t10k-labels-idx1-ubyte.gz" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's dataset-fashion-mnist for the image tests (once, 30 MB)" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 dataset-fashion-mnist >&2
  [ -f "$DIR/train-images-idx3-ubyte.gz" ] && exit 0
fi

cat >&2 <<MSG
The image tests read Fashion-MNIST from $DIR, and it is not there. On Debian, as root, this
script installs the package dataset-fashion-mnist itself; elsewhere put the four IDX files
(train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz,
t10k-labels-idx1-ubyte.gz) in that folder, then run npm test again.
MSG
exit 1
