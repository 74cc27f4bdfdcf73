#!/usr/bin/env bash
# Builds the walkthrough in DIR (docs/guide.md, "Walkthrough: numbers that come in by
# themselves"): DIR/planning, a git repository holding a copy of this example, and
# DIR/payments-service, a small service repository whose history has fixed dates, so
# `northstar measure --date 2026-11-20` gives the numbers the guide shows.
#
#   examples/measured/setup.sh /tmp/walkthrough
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
dir="$1"
if [ -e "$dir/planning" ] || [ -e "$dir/payments-service" ]; then
  echo "$dir/planning or $dir/payments-service exists already; choose an empty directory" >&2
  exit 2
fi
mkdir -p "$dir/planning" "$dir/payments-service"

# git with a fixed identity and none of this machine's configuration.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
g() { git -c user.name="Payments Bot" -c user.email=bot@example.com \
          -c commit.gpgsign=false -c tag.gpgsign=false "$@"; }

# commit WHEN SUBJECT: an empty commit at WHEN (UTC).
commit() {
  GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" g -C "$dir/payments-service" \
    commit -q --allow-empty -m "$2"
}
# deploy WHEN NAME: an annotated deploy tag on HEAD, tagged at WHEN.
deploy() {
  GIT_COMMITTER_DATE="$1" g -C "$dir/payments-service" tag -a "$2" -m "$2"
}

g -C "$dir/payments-service" init -q -b main
commit 2026-10-20T09:00:00Z "Payments service skeleton"
deploy 2026-10-20T16:00:00Z deploy-1
commit 2026-10-26T09:00:00Z "Add refunds endpoint"
commit 2026-10-26T15:00:00Z "Validate refund amounts"
deploy 2026-10-27T10:00:00Z deploy-2
commit 2026-10-29T11:00:00Z "Retry card network timeouts"
deploy 2026-10-29T13:00:00Z deploy-3
commit 2026-10-29T16:00:00Z 'Revert "Retry card network timeouts"'
commit 2026-11-02T10:00:00Z "Idempotency keys for captures"
deploy 2026-11-03T09:00:00Z deploy-4
commit 2026-11-09T14:00:00Z "Faster settlement export"
deploy 2026-11-10T10:00:00Z deploy-5
commit 2026-11-12T08:00:00Z "hotfix: settlement rounding"
deploy 2026-11-12T09:00:00Z deploy-6
commit 2026-11-16T10:00:00Z "Payout batching"
commit 2026-11-17T15:00:00Z "Payout batching metrics"
deploy 2026-11-18T11:00:00Z deploy-7
commit 2026-11-20T09:00:00Z "Document payouts"
deploy 2026-11-20T16:00:00Z deploy-8
commit 2026-11-21T10:00:00Z "Start next week's work"

cp -R "$here/northstar.toml" "$here/checkins.toml" "$here/incidents.csv" "$here/data" \
  "$here/northstar.schema.json" "$here/.github" "$dir/planning/"
g -C "$dir/planning" init -q -b main
g -C "$dir/planning" add -A
GIT_AUTHOR_DATE=2026-09-28T12:00:00Z GIT_COMMITTER_DATE=2026-09-28T12:00:00Z \
  g -C "$dir/planning" commit -q -m "Q4 plan: health metrics measured from the payments service"
echo "planning repository: $dir/planning"
echo "service repository:  $dir/payments-service"
