#!/usr/bin/env bash
# Fetches DynamoDB Local (AWS's own emulator) from the npm tarball of
# amplify-dynamodb-simulator, pinned by its integrity hash, and unpacks only its
# emulator/ folder into the directory given as $1 (default .cache/dynamodb-local).
set -euo pipefail

pkg="amplify-dynamodb-simulator@2.9.30"
integrity="sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ=="
dest="${1:-.cache/dynamodb-local}"

if [ -f "$dest/DynamoDBLocal.jar" ]; then
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "fetching DynamoDB Local from npm ($pkg)..."
tgz=$(cd "$work" && npm pack --silent "$pkg")
got="sha512-$(openssl dgst -sha512 -binary "$work/$tgz" | base64 -w0)"
if [ "$got" != "$integrity" ]; then
  echo "integrity mismatch for $pkg: want $integrity, got $got" >&2
  exit 1
fi

tar -xzf "$work/$tgz" -C "$work" package/emulator
mkdir -p "$(dirname "$dest")"
rm -rf "$dest.tmp"
mv "$work/package/emulator" "$dest.tmp"
mv "$dest.tmp" "$dest"
echo "DynamoDB Local unpacked in $dest"
