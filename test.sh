#!/usr/bin/env bash
# The test command: set up, run the xunit suite, then `prunelab reproduce` in the smoke profile (every notebook, then
# the comparison report) and a headless-Chromium check that the notebooks' pages and the report render. Ends with one
# summary line; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")"
./setup.sh || exit 1
log=$(mktemp)
dotnet test Research.sln -c Release --no-build -nologo 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
summary=$(grep -E "(Passed|Failed)!" "$log" | tail -1)
passed=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$summary"); failed=$(sed -nE 's/.*Failed: +([0-9]+),.*/\1/p' <<<"$summary")
skipped=$(sed -nE 's/.*Skipped: +([0-9]+).*/\1/p' <<<"$summary")
rm -f "$log"

prunelab="dotnet src/PruneLab.Cli/bin/Release/net10.0/prunelab.dll"
out=results/notebooks/smoke
notebooks=ok
$prunelab reproduce --profile smoke --timeout 10 || { notebooks=FAILED; code=1; }
if [ "$notebooks" = ok ]; then
  $prunelab notebooks check "$out"/*.html results/report-smoke.html --screenshots "$out" || { notebooks="rendered badly"; code=1; }
fi
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped; notebooks (smoke): $notebooks"
exit "$code"
