#!/usr/bin/env bash
# Installs the system libraries and servers that dagmm-grid needs, and nothing that is present.
# Safe to run again: every step checks first. Needs root (or sudo) only when something is missing.
set -euo pipefail

required_glibcxx="GLIBCXX_3.4.32"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

libstdcxx_path() {
    ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}'
}

has_glibcxx() {
    local library
    library=$(libstdcxx_path)
    [ -n "$library" ] && grep -qa "$required_glibcxx" "$library"
}

apt_updated=0
apt_update_once() {
    if [ "$apt_updated" -eq 0 ]; then
        as_root apt-get update -qq
        apt_updated=1
    fi
}

# TorchSharp 0.107's native shim links against libstdc++ from GCC 13 or newer.
if has_glibcxx; then
    echo "libstdc++: $required_glibcxx present"
else
    . /etc/os-release
    if [ "${ID:-}" = "debian" ] && [ "${VERSION_CODENAME:-}" = "bookworm" ]; then
        echo "libstdc++: $required_glibcxx missing; installing libstdc++6 from Debian 13 (trixie) with a low pin"
        if [ ! -f /etc/apt/sources.list.d/dagmm-trixie.list ]; then
            echo "deb http://deb.debian.org/debian trixie main" | as_root tee /etc/apt/sources.list.d/dagmm-trixie.list >/dev/null
        fi
        if [ ! -f /etc/apt/preferences.d/dagmm-trixie ]; then
            printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' | as_root tee /etc/apt/preferences.d/dagmm-trixie >/dev/null
        fi
        apt_update_once
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t trixie libstdc++6 >/dev/null
        has_glibcxx || { echo "error: libstdc++6 from trixie still lacks $required_glibcxx" >&2; exit 1; }
        echo "libstdc++: $required_glibcxx installed"
    else
        echo "error: $(libstdcxx_path) lacks $required_glibcxx, which TorchSharp needs." >&2
        echo "Install libstdc++ from GCC 13 or newer (Ubuntu 24.04 and Debian 13 ship it)." >&2
        exit 1
    fi
fi

# tcmalloc: training restarts itself with it preloaded (src/Dagmm.Core/Training/TcmallocPreload.cs),
# which makes a step of the small presets about a sixth faster. Without it training is slower, not
# wrong, so a failed install only warns. Debian 13 and Ubuntu 24.04 name the package ...4t64.
if ldconfig -p 2>/dev/null | grep -q 'libtcmalloc_minimal\.so\.4 '; then
    echo "tcmalloc: present"
elif command -v apt-get >/dev/null 2>&1; then
    apt_update_once
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libtcmalloc-minimal4 >/dev/null 2>&1 \
        || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libtcmalloc-minimal4t64 >/dev/null 2>&1; then
        echo "tcmalloc: installed"
    else
        echo "warning: could not install libtcmalloc-minimal4; training uses glibc's allocator and is slower" >&2
    fi
else
    echo "warning: install tcmalloc (gperftools' libtcmalloc_minimal.so.4) with your package manager; without it training is slower" >&2
fi

# Servers and tools the cluster tests start: redis-server, and docker-compose to validate docker-compose.yml.
# grid-client plot draws the text of its figures with a system font and prefers DejaVu Sans.
missing_packages=()
command -v redis-server >/dev/null 2>&1 || missing_packages+=(redis-server)
command -v docker-compose >/dev/null 2>&1 || missing_packages+=(docker-compose)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing_packages+=(fonts-dejavu-core)
if [ "${#missing_packages[@]}" -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1; then
        apt_update_once
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" >/dev/null
        echo "installed: ${missing_packages[*]}"
    else
        echo "warning: install ${missing_packages[*]} with your package manager; the cluster tests and figures need them" >&2
    fi
else
    echo "redis-server, docker-compose, fonts-dejavu-core: present"
fi
