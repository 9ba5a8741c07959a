#!/usr/bin/env bash
# Deploys the stack and waits until Swarm has finished with it; exits non-zero when it did not
# go through. `docker stack deploy` alone returns once the services are updated, before any task
# has started, and exits 0 even when Swarm later rolls the release back.
#
#   docker/deploy.sh [-c FILE]... [extra docker stack deploy arguments]
#
# From the repository root, with the variables of docker/stack.yml exported (docs/deploy.md).
# Without -c, deploys docker/stack.yml. STACK_NAME (default shop) names the stack.
#
# Exit status:
#   0  every service runs its new spec, all its replicas healthy
#   1  Swarm rolled a service back, or paused its update or rollback: the release failed
#   2  a task cannot be placed (not enough CPU or memory reserved, no node matching a placement
#      constraint) for STUCK_SECONDS (default 60); Swarm would wait for room forever
#   3  not finished after DEPLOY_TIMEOUT_SECONDS (default 600)
#   other: docker stack deploy itself failed
# UPDATE_START_SECONDS (default 10): how long a changed service may take to start its update.
set -euo pipefail

stack=${STACK_NAME:-shop}
timeout=${DEPLOY_TIMEOUT_SECONDS:-600}
stuck_after=${STUCK_SECONDS:-60}
files=()
while [ "${1:-}" = -c ]; do
  files+=(-c "$2")
  shift 2
done
[ ${#files[@]} -gt 0 ] || files=(-c docker/stack.yml)

say() { printf 'deploy %s: %s\n' "$stack" "$*" >&2; }

# Each service's spec version and the start of its last update, before the deploy: a state
# left by an earlier deploy is not this one's.
declare -A version_before update_before
for service in $(docker stack services --format '{{.Name}}' "$stack" 2>/dev/null); do
  version_before[$service]=$(docker service inspect --format '{{.Version.Index}}' "$service")
  update_before[$service]=$(docker service inspect --format '{{if .UpdateStatus}}{{.UpdateStatus.StartedAt}}{{end}}' "$service")
done

# Docker 26+ would otherwise print that the default changes; this script does the waiting.
detach=()
if docker stack deploy --help 2>/dev/null | grep -q -- '--detach'; then detach=(--detach=true); fi
docker stack deploy "${files[@]}" "${detach[@]}" "$@" "$stack"

# A service whose spec changed may get a rolling update, which Swarm starts within a second or
# two (one whose replicas alone changed does not): until UPDATE_START_SECONDS have passed, a
# changed service without a new update status is not done yet.
update_start=${UPDATE_START_SECONDS:-10}
deployed_at=$SECONDS
declare -A changed
services=$(docker stack services --format '{{.Name}}' "$stack")
for service in $services; do
  version=$(docker service inspect --format '{{.Version.Index}}' "$service")
  if [ "$version" != "${version_before[$service]:-}" ]; then changed[$service]=1; fi
done

deadline=$((SECONDS + timeout))
declare -A pending_since
failed=()
while :; do
  waiting=()
  failed=()
  for service in $services; do
    started=$(docker service inspect --format '{{if .UpdateStatus}}{{.UpdateStatus.StartedAt}}{{end}}' "$service")
    state=''
    if [ -n "$started" ] && [ "$started" != "${update_before[$service]:-}" ]; then
      state=$(docker service inspect --format '{{.UpdateStatus.State}}' "$service")
      message=$(docker service inspect --format '{{.UpdateStatus.Message}}' "$service")
    fi
    case $state in
      rollback_started)
        failed+=("$service: rolling back: $message")
        waiting+=("$service (rolling back)")
        continue ;;
      rollback_completed | rollback_paused | paused)
        failed+=("$service: $state: $message")
        continue ;;
      updating)
        waiting+=("$service (updating)")
        ;;
      '')
        if [ -n "${changed[$service]:-}" ] && [ $((SECONDS - deployed_at)) -lt "$update_start" ]; then
          waiting+=("$service (changed, no update yet)")
          continue
        fi
        ;;
    esac

    # Tasks Swarm cannot place: pending with "no suitable node (insufficient resources ...)".
    unplaced=$(docker service ps --filter desired-state=running --no-trunc \
      --format '{{.CurrentState}}|{{.Error}}' "$service" | grep '^Pending' | grep -m 1 'no suitable node' || true)
    if [ -n "$unplaced" ]; then
      pending_since[$service]=${pending_since[$service]:-$SECONDS}
      if [ $((SECONDS - pending_since[$service])) -ge "$stuck_after" ]; then
        say "$service has a task Swarm cannot place for ${stuck_after} s: ${unplaced#*|}"
        say 'free CPU or memory (docker node ls; the reservations in the stack file), or add a node;'
        say "docker service rollback $service goes back to the previous spec"
        exit 2
      fi
      waiting+=("$service (a task waits for room)")
      continue
    fi
    unset "pending_since[$service]"

    replicas=$(docker service ls --filter "id=$(docker service inspect --format '{{.ID}}' "$service")" \
      --format '{{.Replicas}}')
    running=${replicas%%/*} desired=${replicas#*/}
    desired=${desired%% *}
    if [ "$state" = updating ] || [ "$running" != "$desired" ]; then
      [ "$state" = updating ] || waiting+=("$service ($replicas running)")
    fi
  done

  if [ ${#waiting[@]} -eq 0 ]; then
    if [ ${#failed[@]} -gt 0 ]; then
      say 'the release failed; Swarm went back to the previous spec:'
      printf '  %s\n' "${failed[@]}" >&2
      say "docker service ps --no-trunc <service> shows why its tasks failed"
      exit 1
    fi
    say "done: every service runs its new spec, all replicas healthy"
    exit 0
  fi
  if [ $SECONDS -ge $deadline ]; then
    say "not finished after ${timeout} s, still waiting for: ${waiting[*]}"
    [ ${#failed[@]} -eq 0 ] || printf '  %s\n' "${failed[@]}" >&2
    exit 3
  fi
  sleep 2
done
