#!/usr/bin/env bash
# Installs missing prerequisites, then restores and builds the whole solution in Release.
# Incremental: a second call with no source change takes a few seconds.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: dotnet not found; install the .NET 10 SDK (https://dot.net) and run again" >&2
    exit 2
fi

"$root/scripts/install-prerequisites.sh" >/dev/null
dotnet build "$root/Dagmm.Grid.sln" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
