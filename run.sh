#!/usr/bin/env bash
# The main job: set up, then reproduce every paper in the quick profile: the notebooks run headless in order (the tour
# trains the shared baseline into results/baseline/quick/), then results/report.html and results/summary.md compare
# the four methods. Executed notebooks and offline HTML pages land in results/notebooks/quick/. Re-running skips what
# is done and resumes an interrupted training. Extra arguments go to `prunelab reproduce` (e.g. ./run.sh --only ftwt,
# ./run.sh --profile smoke, ./run.sh --force).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
exec dotnet src/PruneLab.Cli/bin/Release/net10.0/prunelab.dll reproduce "$@"
