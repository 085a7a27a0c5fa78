#!/usr/bin/env bash
# The GitHub Action's step (action.yml): turn its inputs (NS_* variables) into one notion-setup
# command. Runs the same locally: NS_COMMAND=plan NS_BLUEPRINT=av NS_CLIENT=Acme scripts/action.sh
# NS_SANDBOX=1 targets the embedded sandbox (tests). The token is only ever named, never passed.
set -euo pipefail
command="${NS_COMMAND:?NS_COMMAND is plan, apply, batch or upgrade}"
cmd=("${NOTION_SETUP_BIN:-notion-setup}" "$command")
add() { if [ -n "${2:-}" ]; then cmd+=("$1" "$2"); fi; }
token() {
  if [ "${NS_SANDBOX:-}" = "1" ]; then cmd+=(--sandbox); else cmd+=(--token-env "${NS_TOKEN_ENV:-NOTION_TOKEN}"); fi
}
case "$command" in
  plan|apply)
    cmd+=("${NS_BLUEPRINT:?blueprint is required}")
    add --client "${NS_CLIENT:?client is required}"
    add --parent "${NS_PARENT:-}"
    token
    ;;
  batch)
    if [ "${NS_UPGRADE:-false}" = "true" ]; then
      cmd+=(--upgrade)
      add --to "${NS_BLUEPRINT:-}"
      token
    else
      cmd+=("${NS_MANIFEST:?manifest is required}")  # each client names its own token variable
      if [ "${NS_SANDBOX:-}" = "1" ]; then cmd+=(--sandbox); fi
    fi
    add --parent "${NS_PARENT:-}"
    add --shard "${NS_SHARD:-}"
    add --report "${NS_REPORT:-}"
    if [ "${NS_PLAN:-false}" = "true" ]; then cmd+=(--plan); fi
    ;;
  upgrade)
    add --parent "${NS_PARENT:-}"
    add --to "${NS_BLUEPRINT:-}"
    if [ -n "${NS_CLIENT:-}" ]; then cmd+=(--client "$NS_CLIENT"); else cmd+=(--all); fi
    if [ "${NS_PLAN:-false}" = "true" ]; then cmd+=(--plan); else cmd+=(--yes); fi
    token
    ;;
  *) echo "error: command must be plan, apply, batch or upgrade, not $command" >&2; exit 2 ;;
esac
echo "+ ${cmd[*]}" >&2
exec "${cmd[@]}"
