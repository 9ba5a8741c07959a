#!/usr/bin/env bash
# The base images the swarm test builds on, made here because no image registry is reachable:
# a minimal Debian bookworm root (debootstrap, from the Debian mirror in the machine's apt
# sources), that root with the Node.js binary running this test and the machine's npm (as the
# official node image lays them out), and that root with Debian's redis-server. Each is one
# `docker import` layer. Images that exist already are kept: delete them to rebuild.
#
#   test/swarm/build-base-images.sh DEBIAN_IMAGE NODE_IMAGE REDIS_IMAGE
#
# Needs root, debootstrap and a running engine; NODE_BINARY and NPM_DIRECTORY choose the node
# binary and the npm package directory (default: the node and npm on PATH), CA_BUNDLE the
# certificate authorities npm trusts in the image (default: the machine's).
set -euo pipefail

debian_image=$1 node_image=$2 redis_image=$3
exists() { docker image inspect "$1" >/dev/null 2>&1; }
if exists "$debian_image" && exists "$node_image" && exists "$redis_image"; then exit 0; fi

node_binary=${NODE_BINARY:-$(command -v node)}
npm_directory=${NPM_DIRECTORY:-$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")}
command -v debootstrap >/dev/null || { echo 'debootstrap is not installed (apt-get install debootstrap)' >&2; exit 1; }
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
  | sed -n 's/^URIs: *\(http[^ ]*\/debian\)\/*$/\1/p;s/^deb \(http[^ ]*\/debian\)\/* .*/\1/p' | sed -n 1p || true)
mirror=${mirror:-http://deb.debian.org/debian}

work=$(mktemp -d)
cleanup() {
  umount "$work/root/proc" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Nothing an image needs: documentation, translations, the package cache and lists.
slim() {
  rm -rf "$1"/usr/share/doc/* "$1"/usr/share/man/* "$1"/usr/share/info/* "$1"/usr/share/locale/* \
    "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/log/*.log
}
import() { tar -C "$1" --numeric-owner -c . | docker import "${@:3}" - "$2" >/dev/null; }

echo "debootstrap bookworm from $mirror" >&2
debootstrap --variant=minbase bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }

# Redis first, from the root before it is slimmed (apt needs its lists).
cp -a "$work/root" "$work/redis"
mount -t proc proc "$work/redis/proc"
chroot "$work/redis" sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null'
umount "$work/redis/proc"
# The official image's entrypoint name: Redis runs as the redis user, owning its data folder.
cat >"$work/redis/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
chown -R redis:redis /data
exec setpriv --reuid=redis --regid=redis --init-groups "$@"
EOF
chmod 755 "$work/redis/usr/local/bin/docker-entrypoint.sh"
mkdir -p "$work/redis/data"
slim "$work/redis"
slim "$work/root"
import "$work/redis" "$redis_image" --change 'WORKDIR /data' --change 'VOLUME /data' --change 'CMD ["redis-server"]'
rm -rf "$work/redis"

import "$work/root" "$debian_image" --change 'CMD ["bash"]'

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
