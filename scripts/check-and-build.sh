#!/usr/bin/env bash
# What `npm test` runs before the tests: type-checks (the whole tree, and shared/ without DOM or
# Node types), lint, and the builds the browser tests serve (dist/client, dist/server). The
# compiler's pass over the whole tree takes about as long as all the rest together, so the two
# run side by side (the machine has two cores); each one's output is printed whole when it ends.
set -uo pipefail
cd "$(dirname "$0")/.."
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

npx tsc --noEmit -p tsconfig.json >"$logs/typecheck" 2>&1 &
typecheck=$!
(npx tsc --noEmit -p tsconfig.shared.json && npx eslint . && npm run --silent build) >"$logs/rest" 2>&1 &
rest=$!

status=0
wait "$typecheck" || { echo "Type-check (tsconfig.json) failed:"; status=1; }
cat "$logs/typecheck"
wait "$rest" || { echo "Type-check of shared/, lint or build failed:"; status=1; }
cat "$logs/rest"
exit $status
