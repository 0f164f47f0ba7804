#!/usr/bin/env bash
# Installs missing prerequisites, then restores and builds the whole solution in Release.
# Skips the build when no source or project file changed since the last successful one.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
stamp="$root/artifacts/build.stamp"

if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: dotnet not found; install the .NET 10 SDK (https://dot.net) and run again" >&2
    exit 2
fi

"$root/scripts/install-prerequisites.sh" >/dev/null

if [ -f "$stamp" ] && [ -z "$(find "$root" \( -path "$root/.git" -o -name bin -o -name obj -o -path "$root/artifacts" -o -path "$root/results" -o -path "$root/TestResults" \) -prune -o \
        -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.sln' \) -newer "$stamp" -print -quit)" ]; then
    exit 0
fi

# The build's own output is shown only when it fails, so grid-client's output stays clean.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "building dagmm-grid (Release)..." >&2
if ! dotnet build "$root/Dagmm.Grid.sln" -c Release -nologo -v quiet -tl:off >"$log" 2>&1; then
    cat "$log" >&2
    echo "error: the build failed; see the messages above" >&2
    exit 2
fi
mkdir -p "$(dirname "$stamp")"
touch "$stamp"
