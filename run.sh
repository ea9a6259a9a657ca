#!/usr/bin/env bash
# The main job: set up, then run the notebooks headless in the quick profile (the tour trains the shared baseline
# into results/baseline/quick/). Executed notebooks and offline HTML pages land in results/notebooks/quick/.
# Re-running reuses finished results and resumes an interrupted training. Extra arguments go to `notebooks run`
# (e.g. ./run.sh --set seed=2).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
exec dotnet src/PruneLab.Cli/bin/Release/net10.0/prunelab.dll notebooks run --profile quick --out results/notebooks/quick "$@"
