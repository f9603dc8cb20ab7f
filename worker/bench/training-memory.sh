#!/usr/bin/env bash
# Training memory: the worker's estimate (TrainingFootprint, printed by `worker train`) beside the measured peak RSS
# of two-step trainings, each in a fresh JVM, at two batch sizes per network. Writes a dated section into the report
# (default docs/benchmarks.md) after the bench summary. The estimate must stay above the measurement (ratio >= 1.00):
# the api refuses and the worker fails a job by it, before the kernel kills the worker.
#
#   worker/bench/training-memory.sh [worker/target/quarkus-app/quarkus-run.jar] [docs/benchmarks.md]
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=${1:-worker/target/quarkus-app/quarkus-run.jar}
report=${2:-docs/benchmarks.md}
[[ -f $jar ]] || { echo "no worker jar at $jar: ./mvnw -B package -pl worker -am -DskipTests first" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time (/usr/bin/time; Debian package 'time')" >&2; exit 2; }
export DJL_OFFLINE=true DJL_CACHE_DIR=${DJL_CACHE_DIR:-$PWD/.cache/djl}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-8388608}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# label | arguments of `worker train` (data set shapes, drawn at the image size)
configs=(
  "ContextUnet n_feat 64, 32 px|--image-size 32 --architecture context-unet --base-channels 64"
  "ContextUnet n_feat 128, 64 px|--image-size 64 --architecture context-unet --base-channels 128"
  "DDPM U-Net 32 ×(1,2,2), 32 px|--image-size 32 --architecture ddpm-unet --base-channels 32 --channel-multipliers 1,2,2"
  "DDPM U-Net 32 ×(1,2,2), attention 16, 32 px|--image-size 32 --architecture ddpm-unet --base-channels 32 --channel-multipliers 1,2,2 --attention-resolutions 16"
  "DDPM U-Net 64 ×(1,2,2,2), 1 block, 64 px|--image-size 64 --architecture ddpm-unet --base-channels 64 --channel-multipliers 1,2,2,2 --blocks-per-level 1"
  "SimpleUnet 16 ×(1,2,4,8,16), 32 px|--image-size 32 --architecture simple-unet --base-channels 16"
  "SimpleUnet 32 ×(1,2,4), 64 px|--image-size 64 --architecture simple-unet --base-channels 32 --channel-multipliers 1,2,4"
)
batches=(8 40)

to_mib() { # "1.2 GiB" | "410 MiB" -> MiB
  awk -v v="$1" -v u="$2" 'BEGIN { printf "%.1f", (u == "GiB" ? v * 1024 : v) }'
}

rows=()
lowest=""
for config in "${configs[@]}"; do
  label=${config%%|*}
  read -r -a args <<< "${config#*|}"
  for batch in "${batches[@]}"; do
    out="$work/run"
    rm -rf "$out"
    if ! /usr/bin/time -o "$work/time" -f "%M" java -jar "$jar" train --dataset shapes --batch-size "$batch" --steps 2 \
        --checkpoint-every 2 --preview-every 0 --out "$out" "${args[@]}" > "$work/log" 2>&1; then
      echo "training failed: $label, batch $batch (log: $work/log)" >&2
      cat "$work/log" >&2
      exit 1
    fi
    measured=$(awk '{ printf "%.1f", $1 / 1024 }' "$work/time")
    read -r value unit < <(sed -n 's/^Estimated peak memory \([0-9.]*\) \([MG]iB\).*/\1 \2/p' "$work/log")
    estimated=$(to_mib "$value" "$unit")
    weights=$(sed -n 's/^Training [a-z-]* (\([0-9,]*\) weights).*/\1/p' "$work/log")
    ratio=$(awk -v e="$estimated" -v m="$measured" 'BEGIN { printf "%.2f", e / m }')
    echo "$label, batch $batch: measured $measured MiB, estimated $estimated MiB, ratio $ratio" >&2
    rows+=("| $label | $weights | $batch | $measured MiB | $estimated MiB | $ratio |")
    if [[ -z $lowest ]] || awk -v r="$ratio" -v l="$lowest" 'BEGIN { exit !(r < l) }'; then lowest=$ratio; fi
  done
done

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
flags=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|avx512f|avx512_vnni|avx512_bf16|amx_tile)$' | tr '\n' ' ' | sed 's/ $//')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain 2>/dev/null | grep -qv '^??' && echo " (with uncommitted changes)" || true)
section="$work/section.md"
{
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — training memory: estimate vs measured peak RSS (\`training-memory.sh\`)"
  echo
  echo "Machine: ${cpu:-unknown CPU} (flags ${flags:-none of avx2/avx512}), $(nproc) processors, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); PyTorch threads: the engine's default  "
  echo "Commit: $commit$dirty; load average before: $(cut -d' ' -f1-3 /proc/loadavg)  "
  echo "Command: \`worker/bench/training-memory.sh $jar $report\` (each row: \`worker train --dataset shapes --steps 2\` in a fresh JVM; peak RSS by GNU time)"
  echo
  echo "| network | weights | batch | measured peak | estimated peak | estimate / measured |"
  echo "|---|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Target: every estimate ≥ the measured peak (ratio ≥ 1.00). Lowest ratio of this run: **$lowest**. The highest"
  echo "ratios are small networks, whose peak is mostly the fixed allowance of 512 MiB for the JVM and the engine."
  echo
} > "$section"
# after the bench summary block, before the newest dated section
python3 - "$report" "$section" <<'PY'
import sys
report, section = sys.argv[1], open(sys.argv[2]).read()
text = open(report).read()
marker = "<!-- bench-summary:end -->"
at = text.index(marker) + len(marker) if marker in text else len(text)
rest = text[at:].lstrip("\n")
open(report, "w").write(text[:at] + "\n\n" + section + "\n" + rest)
PY
echo "wrote a section into $report (lowest estimate/measured ratio $lowest)"
awk -v l="$lowest" 'BEGIN { exit !(l >= 1.0) }' || { echo "an estimate is below its measurement" >&2; exit 1; }
