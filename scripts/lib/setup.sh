# Sourced by scripts/demo, scripts/test, scripts/install and .ci/run: puts Swift on the PATH
# and installs what a bare Debian/Ubuntu machine lacks, so that each of them is one command.
#   ensure_packages [--tests|--bench]   apt packages (with --tests also curl, and pexpect, pytest
#                               and the Upstash SDK upstash-redis from PyPI; with --bench also
#                               hiredis and gcc for bench-decoder, and wrk for rwb kv serve)
#   build_rwb ARGS...           swift build with its progress shown (the first build takes minutes)

export PATH="/opt/swift/usr/bin:$PATH"

# Each entry: "apt-package:file-or-command-that-proves-it-is-there".
RWB_PACKAGES=(
    "redis-server:redis-server"
    "redis-tools:redis-cli"
    "libreadline-dev:/usr/include/readline/readline.h"
    "libsqlite3-dev:/usr/include/sqlite3.h"
    "openssl:openssl"
    "bsdutils:script"
    "git:git"
)

_present() {
    case "$1" in
        /*) [ -e "$1" ] ;;
        *) command -v "$1" >/dev/null 2>&1 ;;
    esac
}

# Runs apt-get as root, through sudo when not root; prints the exact command and fails when
# neither is possible.
_apt() {
    if [ "$(id -u)" -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo DEBIAN_FRONTEND=noninteractive apt-get "$@"
    elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
        sudo DEBIAN_FRONTEND=noninteractive apt-get "$@"
    else
        return 1
    fi
}

ensure_packages() {
    if ! command -v swift >/dev/null 2>&1; then
        echo "swift is not on the PATH (nor in /opt/swift/usr/bin): install Swift 6 from swift.org first" >&2
        exit 1
    fi
    local missing=() entry wanted=("${RWB_PACKAGES[@]}")
    if [ "${1:-}" = "--bench" ]; then
        wanted+=("libhiredis-dev:/usr/include/hiredis/read.h" "gcc:gcc" "wrk:wrk")
    fi
    if [ "${1:-}" = "--tests" ]; then
        wanted+=("curl:curl")
    fi
    for entry in "${wanted[@]}"; do
        _present "${entry#*:}" || missing+=("${entry%%:*}")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing ${missing[*]} (apt-get)…"
        if ! command -v apt-get >/dev/null 2>&1 \
            || ! { _apt update -qq && _apt install -y -qq --no-install-recommends "${missing[@]}"; }; then
            echo "missing packages: run  sudo apt-get install -y ${missing[*]}  and try again" >&2
            exit 1
        fi
    fi
    if [ "${1:-}" = "--tests" ] && ! python3 -c 'import pexpect, pytest, upstash_redis' 2>/dev/null; then
        echo "installing pexpect, pytest and upstash-redis (pip)…"
        python3 -m pip install -q pexpect pytest upstash-redis 2>/dev/null \
            || python3 -m pip install -q --break-system-packages pexpect pytest upstash-redis \
            || { echo "missing Python modules: run  python3 -m pip install pexpect pytest upstash-redis  and try again" >&2; exit 1; }
    fi
}

build_rwb() {
    if [ ! -d .build/debug ]; then
        echo "first build: Swift compiles rwb and its dependencies, which takes a few minutes…"
    fi
    swift build "$@"
}
