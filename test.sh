#!/usr/bin/env bash
# The test command: set up, run the xunit suite, then `prunelab reproduce` in the smoke profile (every notebook executed
# in the pinned .NET Interactive kernel, then the comparison report), a headless-Chromium check that the notebooks'
# pages and the report render, and every notebook once more through dotnet-repl (the same kernel driven by another
# client, with no help from the kit: a copy whose parameters cell says smoke). Ends with one summary line; exits
# non-zero if anything failed.
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

# The copies sit in results/ (one level below the root, as notebooks/ is) so their #r "../src/..." still finds the kit.
repl=ok
mkdir -p results/notebooks/smoke-repl
for nb in notebooks/*.ipynb; do
  name=$(basename "$nb" .ipynb)
  sed 's/var profile = \\"[a-z]*\\";/var profile = \\"smoke\\";/' "$nb" > "results/repl-$name.ipynb"
  if (cd results && timeout 900 dotnet repl --run "repl-$name.ipynb" --exit-after-run --output-format ipynb \
        --output-path "notebooks/smoke-repl/$name.ipynb" >"notebooks/smoke-repl/$name.log" 2>&1); then
    echo "$name: ok in dotnet-repl"
  else
    echo "$name: FAILED in dotnet-repl (results/notebooks/smoke-repl/$name.ipynb, .log)"; repl=FAILED; code=1
  fi
  rm -f "results/repl-$name.ipynb"
done
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped; notebooks (smoke): $notebooks; in dotnet-repl: $repl"
exit "$code"
