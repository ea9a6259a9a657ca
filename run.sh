#!/usr/bin/env bash
# The main job: set up, then train the tour baseline (0.25-wide VGG-16 on Fashion-MNIST) into results/baseline.
# Extra arguments go to `prunelab train` (e.g. ./run.sh --epochs 2). Re-running resumes an interrupted run.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
exec dotnet src/PruneLab.Cli/bin/Release/net10.0/prunelab.dll train --out results/baseline --resume "$@"
