#!/usr/bin/env bash
# Fuzzes the score-sheet loader, bundle verification (of folders and of archives) and bundle import (see
# fuzz/README.md).
#
#   scripts/fuzz.sh                    every target, FUZZ_SECONDS (default 60) seconds each
#   scripts/fuzz.sh scorecard import   only these targets
#
# FUZZ_SECONDS   seconds per target (default 60)
# FUZZ_JOBS      parallel fuzzing processes per target (default 1)
# FUZZ_SANITIZER address (default) or none
# FUZZ_KEEP_GOING 1: do not stop at the first crash (libFuzzer -fork=FUZZ_JOBS -ignore_crashes=1), to look past a
#                known one
#
# Works on the stable toolchain: RUSTC_BOOTSTRAP=1 lets stable rustc take the -Z flags cargo-fuzz passes. Any crash is
# copied to tests/fuzz_regressions/<target>/, which `cargo test --test fuzz_regressions` replays.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${FUZZ_SECONDS:-60}"
jobs="${FUZZ_JOBS:-1}"
sanitizer="${FUZZ_SANITIZER:-address}"
keep="${FUZZ_KEEP_GOING:-0}"
all_targets=(scorecard bundle_verify bundle_archive import)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install --locked cargo-fuzz
fi

build() {
    cargo fuzz build --sanitizer "$sanitizer" "$@"
}

# Cargo caches what rustc said about the target (fuzz/target/.rustc_info.json), a failure included: after one run
# without RUSTC_BOOTSTRAP, every later build fails with "the option `Z` is only accepted on the nightly compiler"
# until the cache goes.
if ! build 2> >(tee /tmp/yanshou-fuzz-build.$$ >&2); then
    if grep -q "only accepted on the nightly compiler" /tmp/yanshou-fuzz-build.$$; then
        echo "== removing cargo's stale rustc cache and building again"
        rm -f fuzz/target/.rustc_info.json
        build
    else
        rm -f /tmp/yanshou-fuzz-build.$$
        exit 1
    fi
fi
rm -f /tmp/yanshou-fuzz-build.$$

# The committed seeds (fuzz/seeds/) start the corpora (fuzz/corpus/ is not committed). The regression files are not
# added: a known crash among them would stop libFuzzer at once (cargo test replays them).
seed() {
    local target="$1" corpus="fuzz/corpus/$1"
    mkdir -p "$corpus"
    case "$target" in
        scorecard)
            cp scorecards/*.toml scorecards/provinces/*.toml tests/scorecards/valid/*.toml \
                tests/scorecards/invalid/*.toml "$corpus/" ;;
        bundle_verify | import)
            cp fuzz/seeds/bundle/*.bundle "$corpus/" ;;
        bundle_archive)
            cp fuzz/seeds/archive/*.yanshou.zip "$corpus/" ;;
    esac
}

# Whether tests/fuzz_regressions/<target>/ already holds a file with these bytes.
known() {
    local f
    for f in "tests/fuzz_regressions/$1"/*; do
        [ -f "$f" ] && cmp -s "$f" "$2" && return 0
    done
    return 1
}

status=0
for target in "${targets[@]}"; do
    seed "$target"
    artifacts="$root/fuzz/artifacts/$target"
    mkdir -p "$artifacts"
    before="$(mktemp)"
    find "$artifacts" -type f | sort >"$before"
    echo "== fuzzing $target for ${seconds}s"
    # -max_len: the seed bundles are up to ~45 kB; libFuzzer would otherwise cap inputs at the largest seed.
    parallel=()
    [ "$jobs" -le 1 ] || [ "$keep" != 0 ] || parallel=(-jobs="$jobs" -workers="$jobs")
    keep_going=()
    [ "$keep" = 0 ] || keep_going=(-fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    set +e
    cargo fuzz run --sanitizer "$sanitizer" "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=30 -rss_limit_mb=4096 \
        "${parallel[@]}" "${keep_going[@]}" -print_final_stats=1 2>&1 | tee "fuzz/artifacts/$target.log" |
        { grep -E "^(#[0-9]+.*(DONE|pulse)|stat::|==[0-9]+==|SUMMARY|thread '|Done )|panicked|Test unit written" || true; }
    rc="${PIPESTATUS[0]}"
    set -e
    found=0
    while IFS= read -r crash; do
        [ -n "$crash" ] || continue
        found=1
        if known "$target" "$crash"; then
            echo "!! $target: $(basename "$crash") is already in tests/fuzz_regressions/$target/"
            continue
        fi
        mkdir -p "tests/fuzz_regressions/$target"
        cp "$crash" "tests/fuzz_regressions/$target/"
        echo "!! $target: $(basename "$crash") copied to tests/fuzz_regressions/$target/ — reproduce with:"
        echo "   RUSTC_BOOTSTRAP=1 cargo fuzz run $target $crash   (or: cargo test --test fuzz_regressions)"
    done < <({
        find "$artifacts" -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) |
            sort | comm -13 "$before" -
        # An input that crashes again is written over its old artifact: the log names it.
        sed -n 's/.*Test unit written to \(.*\)$/\1/p' "fuzz/artifacts/$target.log"
    } | sort -u)
    rm -f "$before"
    if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
        echo "!! $target failed (exit status $rc); the log is fuzz/artifacts/$target.log"
        status=1
    else
        echo "== $target: no crash in ${seconds}s (log: fuzz/artifacts/$target.log)"
    fi
done
exit "$status"
