#!/usr/bin/env bash
# Fuzz smoke test of the native core: runs each cargo-fuzz (libFuzzer) target in fuzz/ briefly,
# starting from the seed corpus checked in under fuzz/corpus/<target>/, and fails on any crash
# or failed property.
#
#   scripts/fuzz-smoke.sh              # every target for FUZZ_SECONDS (default 30) seconds
#   scripts/fuzz-smoke.sh --replay     # only replay the checked-in seed corpus (-runs=0), seconds
#   scripts/fuzz-smoke.sh serialize    # some targets only (also with --replay)
#
# Environment:
#   FUZZ_SECONDS=30        time per target
#   FUZZ_SANITIZER=address sanitizer for `cargo fuzz` (-s); `none` if ASan is unavailable
#   FUZZ_JOBS_NICE=19      niceness of the fuzzing processes (the machine is shared)
#
# Needs cargo-fuzz (installed from crates.io when missing). cargo-fuzz passes nightly-only
# flags to rustc; on stable Rust, RUSTC_BOOTSTRAP=1 lets it do so.
# The working corpus grows in a temporary directory, never in fuzz/corpus/. A crash input is
# written to fuzz/artifacts/<target>/ and its path printed; replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run <target> fuzz/artifacts/<target>/<file>   (from fuzz/)
set -euo pipefail

cd "$(dirname "$0")/../fuzz"

ALL_TARGETS=(cookie_parse unsign serialize decision)
SECONDS_PER_TARGET="${FUZZ_SECONDS:-30}"
SANITIZER="${FUZZ_SANITIZER:-address}"
NICE="${FUZZ_JOBS_NICE:-19}"
REPLAY=0
TARGETS=()
for arg in "$@"; do
  case "$arg" in
    --replay) REPLAY=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) TARGETS+=("$arg") ;;
  esac
done
[ "${#TARGETS[@]}" -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")

export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

echo "==> building fuzz targets (sanitizer: $SANITIZER)"
nice -n "$NICE" cargo fuzz build -s "$SANITIZER"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
status=0
for target in "${TARGETS[@]}"; do
  log="$WORK/$target.log"
  if [ "$REPLAY" -eq 1 ]; then
    echo "==> $target: replaying fuzz/corpus/$target"
    args=("corpus/$target" -- -runs=0)
  else
    echo "==> $target: fuzzing for ${SECONDS_PER_TARGET}s"
    mkdir -p "$WORK/corpus-$target"
    args=("$WORK/corpus-$target" "corpus/$target" -- "-max_total_time=$SECONDS_PER_TARGET" -print_final_stats=1)
  fi
  if nice -n "$NICE" cargo fuzz run -s "$SANITIZER" "$target" "${args[@]}" >"$log" 2>&1; then
    executed="$(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$log" | grep -Eo '[0-9]+$' || true)"
    [ -n "$executed" ] || executed="$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#')"
    echo "    ok: ${executed:-?} executions"
  else
    status=1
    echo "    FAILED: $target (log follows)"
    grep -E 'panicked|assertion|ERROR|SUMMARY|Test unit written|Running:' "$log" | head -40 || true
    tail -20 "$log"
  fi
done
exit "$status"
