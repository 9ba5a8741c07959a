#!/usr/bin/env bash
# The base images the swarm test builds on, made here because no image registry is reachable:
# a minimal Debian bookworm root (debootstrap, from the Debian mirror in the machine's apt
# sources), that root with the Node.js binary running this test and the machine's npm (as the
# official node image lays them out), and that root with the machine's redis-server. Each is one
# `docker import` layer. Images that exist already are kept: delete them to rebuild.
#
#   test/swarm/build-base-images.sh DEBIAN_IMAGE NODE_IMAGE REDIS_IMAGE
#
# Needs root, debootstrap, redis-server and a running engine; NODE_BINARY and NPM_DIRECTORY
# choose the node binary and the npm package directory (default: the node and npm on PATH),
# CA_BUNDLE the certificate authorities npm trusts in the image (default: the machine's).
set -euo pipefail

debian_image=$1 node_image=$2 redis_image=$3
exists() { docker image inspect "$1" >/dev/null 2>&1; }
if exists "$debian_image" && exists "$node_image" && exists "$redis_image"; then exit 0; fi

node_binary=${NODE_BINARY:-$(command -v node)}
npm_directory=${NPM_DIRECTORY:-$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")}
for tool in debootstrap redis-server; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install $tool)" >&2; exit 1; }
done
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
  | sed -n 's/^URIs: *\(http[^ ]*\/debian\)\/*$/\1/p;s/^deb \(http[^ ]*\/debian\)\/* .*/\1/p' | sed -n 1p || true)
mirror=${mirror:-http://deb.debian.org/debian}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

import() { tar -C "$1" --numeric-owner -c . | docker import "${@:3}" - "$2" >/dev/null; }

echo "debootstrap bookworm from $mirror" >&2
debootstrap --variant=minbase bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
# Nothing an image needs: documentation, translations, the package cache and lists.
rm -rf "$work"/root/usr/share/doc/* "$work"/root/usr/share/man/* "$work"/root/usr/share/info/* \
  "$work"/root/usr/share/locale/* "$work"/root/var/cache/apt/* "$work"/root/var/lib/apt/lists/* \
  "$work"/root/var/log/*.log
import "$work/root" "$debian_image" --change 'CMD ["bash"]'

# Redis: the machine's redis-server and redis-cli (Debian bookworm's, as the root is) with the
# libraries they load, run as the redis user by an entrypoint named as the official image's.
cp -a "$work/root" "$work/redis"
for binary in redis-server redis-cli; do cp -L "$(command -v "$binary")" "$work/redis/usr/local/bin/$binary"; done
for library in $(ldd "$work/redis/usr/local/bin/redis-server" "$work/redis/usr/local/bin/redis-cli" \
  | awk '$3 ~ /^\// { print $3 }' | sort -u); do
  [ -e "$work/redis$library" ] || cp -L "$library" "$work/redis$library"
done
chroot "$work/redis" useradd --system --no-create-home --home-dir /data redis
printf '%s\n' '#!/bin/sh' 'chown -R redis:redis /data' 'exec setpriv --reuid=redis --regid=redis --init-groups "$@"' \
  >"$work/redis/usr/local/bin/docker-entrypoint.sh"
chmod 755 "$work/redis/usr/local/bin/docker-entrypoint.sh"
mkdir -p "$work/redis/data"
import "$work/redis" "$redis_image" --change 'WORKDIR /data' --change 'VOLUME /data' --change 'CMD ["redis-server"]'
rm -rf "$work/redis"

mkdir -p "$work/root/usr/local/lib/node_modules"
cp "$node_binary" "$work/root/usr/local/bin/node"
cp -a "$npm_directory" "$work/root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$work/root/usr/local/bin/npx"
# The certificate authorities this machine trusts, for npm in the build stage: a proxy between
# here and the npm registry may present its own.
mkdir -p "$work/root/etc/ssl/certs"
cp "${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}" "$work/root/etc/ssl/certs/ca-certificates.crt"
import "$work/root" "$node_image" --change 'CMD ["node"]' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt'
