#!/bin/sh
# Makes throwaway secrets for docker/compose.yml in this folder (git-ignored): a session secret,
# a Redis password and the Redis URL with that password. Existing files are kept.
set -eu
cd "$(dirname "$0")"

random_hex() {
  LC_ALL=C tr -dc 'a-f0-9' </dev/urandom | head -c 64
}

# Readable by the apps' unprivileged user: Compose mounts these files as they are.
umask 022
[ -f session_secrets ] || random_hex >session_secrets
if [ ! -f redis_password ]; then
  random_hex >redis_password
  rm -f redis_url
fi
[ -f redis_url ] || printf 'redis://:%s@redis:6379' "$(cat redis_password)" >redis_url
echo "Secrets in $(pwd): session_secrets, redis_password, redis_url"
