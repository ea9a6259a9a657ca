#!/usr/bin/env bash
# Sets up what the kit needs on a Debian/Ubuntu machine with the .NET 10 SDK, then builds it. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (https://dotnet.microsoft.com/download); 'dotnet' is not on PATH." >&2
  exit 1
fi

have_fashion() {
  for d in "${PRUNELAB_DATA:-/nonexistent}/fashion-mnist" "${PRUNELAB_DATA:-/nonexistent}" data/fashion-mnist /usr/share/datasets/fashion-mnist; do
    ls "$d"/train-images-idx3-ubyte* >/dev/null 2>&1 && return 0
  done
  return 1
}

if ! have_fashion; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "setup: installing Fashion-MNIST (Debian package dataset-fashion-mnist)"
    apt-get install -y -qq dataset-fashion-mnist >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq dataset-fashion-mnist; }
  elif command -v apt-get >/dev/null && command -v sudo >/dev/null; then
    sudo apt-get install -y -qq dataset-fashion-mnist || { sudo apt-get update -qq && sudo apt-get install -y -qq dataset-fashion-mnist; }
  else
    echo "setup: Fashion-MNIST not found. Install the Debian package dataset-fashion-mnist, or copy the four" >&2
    echo "       *-ubyte.gz files into data/fashion-mnist/ (or set PRUNELAB_DATA). See data/README.md." >&2
    exit 1
  fi
fi

# The official nbformat validator (Debian's python3-nbformat) checks the executed notebooks in the tests.
if ! /usr/bin/python3 -c "import nbformat" >/dev/null 2>&1; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "setup: installing python3-nbformat (validates executed notebooks in the tests)"
    apt-get install -y -qq python3-nbformat >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq python3-nbformat >/dev/null; }
  else
    echo "setup: python3-nbformat not found; the test that validates executed notebooks will fail. Install Debian's python3-nbformat." >&2
  fi
fi

# Headless Chromium checks that the notebooks' HTML exports render (the test command runs it).
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "setup: installing chromium (checks that notebook exports render)"
    apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
  else
    echo "setup: chromium not found; the notebook render check will fail. Install Debian's chromium package." >&2
  fi
fi

# The notebook kernel VS Code runs (Microsoft.dotnet-interactive), pinned in .config/dotnet-tools.json: the headless
# runner and the tests execute notebooks in exactly this kernel.
dotnet tool restore >/dev/null || { echo "setup: 'dotnet tool restore' failed (the notebook kernel pinned in .config/dotnet-tools.json)" >&2; exit 1; }

dotnet build Research.sln -c Release -nologo -v quiet -clp:ErrorsOnly
