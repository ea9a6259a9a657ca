#!/usr/bin/env bash
# Set up, then run the xunit suite; ends with a plain 'N passed, N failed' line.
set -uo pipefail
cd "$(dirname "$0")"
./setup.sh || exit 1
log=$(mktemp)
dotnet test Research.sln -c Release --no-build -nologo 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
summary=$(grep -E "(Passed|Failed)!" "$log" | tail -1)
passed=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$summary"); failed=$(sed -nE 's/.*Failed: +([0-9]+),.*/\1/p' <<<"$summary")
skipped=$(sed -nE 's/.*Skipped: +([0-9]+).*/\1/p' <<<"$summary")
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
rm -f "$log"
exit "$code"
