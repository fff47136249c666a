#!/usr/bin/env bash
# Builds SeaweedFS's `weed` (the local stack's S3 server, `weed mini`) from its
# Go module, pinned by version and module hash, into the directory given as $1
# (default .cache/bin). `go install` refuses the module (its go.mod has a
# replace directive), and the module cache is read-only, so the module is
# copied to a temporary folder and built there with -mod=mod.
#
# It takes about 8 minutes on 2 cores with empty caches (peak ~2.5 GB RSS) and
# is done once: the Makefile's deps target runs it only if the binary is
# missing. SEAWEEDFS_VERSION overrides the pin (the Makefile passes its own).
set -euo pipefail

module="github.com/seaweedfs/seaweedfs"
version="${SEAWEEDFS_VERSION:-v0.0.0-20261109003541-7506e5f91cd6}"
# The module's hash as go.sum would record it (`go mod download -json` reports
# it as Sum); checked before anything is built.
sum="h1:LOYZFToHq9F7pSR6lkPGfkM8RmHlVFrzndKdhmNZjrU="
dest="${1:-.cache/bin}"

if [ -x "$dest/weed" ]; then
  exit 0
fi

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

echo "fetching $module@$version ..."
# Outside any module, so nothing of ours changes.
info=$(cd "$work" && GOFLAGS= go mod download -json "$module@$version")
field() { printf '%s\n' "$info" | sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}$/\1/p"; }
dir=$(field Dir)
got=$(field Sum)
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
  echo "go mod download gave no folder for $module@$version:" >&2
  printf '%s\n' "$info" >&2
  exit 1
fi
if [ "$version" = "v0.0.0-20261109003541-7506e5f91cd6" ] && [ "$got" != "$sum" ]; then
  echo "module hash mismatch for $module@$version: want $sum, got $got" >&2
  exit 1
fi

# A writable copy: with -mod=mod the go command may need to write go.sum.
cp -R "$dir" "$work/src"
chmod -R u+w "$work/src"

echo "building weed (about 8 minutes on 2 cores; once) ..."
mkdir -p "$dest"
start=$(date +%s)
# Not niced: in CI (make --jobs) this build is the critical path, and the
# linters beside it are the ones that yield (Makefile). Without the
# compiler's optimisations and inlining (-N -l, as debuggers build): a test
# stand-in needs no speed, and the build of its ~1,500 packages is most of a
# bare CI run's minutes.
(cd "$work/src" && GOFLAGS=-mod=mod \
  go build -trimpath -gcflags='all=-N -l' -ldflags='-s -w' -o "$work/weed" ./weed)
mv "$work/weed" "$dest/weed"
echo "weed built in $(( $(date +%s) - start )) s: $dest/weed"
