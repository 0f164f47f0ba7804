#!/usr/bin/env bash
# Scale-out figures of docs/benchmarks.md, measured with real processes on loopback:
#   scale   8 equal thyroid runs on 1 silo with 1 slot, then on 2 silos with 1 slot each. It prints
#           the wall time of grid-client submit and the span from the first run start to the last
#           run end. It also prints the lease request round trip that the silos log.
#   kill    3 silos with the default 60 s lease. It sends kill -9 to a silo 1 s after one of its
#           runs started and prints the time until that run starts again on another silo. VICTIM picks
#           the silo: "worker" (default) kills a silo without the sweep's coordinator,
#           "coordinator" kills the one that hosts it.
# Usage: bench/scale-out.sh scale [EPOCHS] | kill [EPOCHS] [worker|coordinator]
#        (EPOCHS defaults to 2000 for scale, 3000 for kill)
# Needs the Release build (./grid-client builds it) and redis-server. Every process it starts is
# killed when it exits; KEEP_LOGS=1 keeps the folder with the silo logs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:?usage: bench/scale-out.sh scale|kill [EPOCHS]}
silo_dll="$root/silo/bin/Release/net10.0/linux-x64/Dagmm.Grid.Silo.dll"
client_dll="$root/client/bin/Release/net10.0/linux-x64/grid-client.dll"
data=${DAGMM_DATA:-$root/../shared/datasets}
work=$(mktemp -d -t dagmm-scale-out-XXXXXX)
pids=()

cleanup() {
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    if [ -n "${KEEP_LOGS:-}" ]; then echo "logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

for file in "$silo_dll" "$client_dll"; do
    [ -f "$file" ] || { echo "error: $file not found; build first with scripts/build.sh" >&2; exit 2; }
done

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_redis NAME: starts redis-server on a free port and sets $cluster.
start_redis() {
    local port
    port=$(free_port)
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no >"$work/$1-redis.log" 2>&1 &
    pids+=($!)
    redis_pid=$!
    until grep -qs "Ready to accept connections" "$work/$1-redis.log"; do sleep 0.1; done
    cluster="redis://127.0.0.1:$port"
}

# start_silo NAME INDEX [EXTRA OPTIONS...]: starts a silo with one slot and waits until it joined.
start_silo() {
    local name=$1 index=$2 log="$work/$1-silo-$2.log"
    shift 2
    dotnet "$silo_dll" --cluster "$cluster" --slots 1 --results "$work/$name-results" --data "$data" \
        --silo-port "$(free_port)" --gateway-port "$(free_port)" "$@" >"$log" 2>&1 &
    pids+=($!)
    silo_pids[$index]=$!
    until grep -qs "started in cluster" "$log"; do
        kill -0 "${silo_pids[$index]}" 2>/dev/null || { cat "$log" >&2; exit 1; }
        sleep 0.1
    done
}

write_sweep() {
    printf '{"name": "%s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": %d, "overrides": {"epochs": %d}}\n' \
        "$1" "$2" "$3" >"$work/$1.json"
}

# run_scale NAME SILOS EPOCHS: runs 8 equal runs on SILOS silos and prints the figures.
run_scale() {
    local name=$1 silos=$2 epochs=$3
    declare -A silo_pids=()
    start_redis "$name"
    for index in $(seq 1 "$silos"); do start_silo "$name" "$index"; done
    write_sweep "$name" 8 "$epochs"
    local started ended
    started=$(date +%s.%N)
    dotnet "$client_dll" submit "$work/$name.json" --cluster "$cluster" --json >"$work/$name.json.out" 2>"$work/$name-client.log"
    ended=$(date +%s.%N)
    python3 - "$work/$name.json.out" "$started" "$ended" "$silos" "$work"/"$name"-silo-*.log <<'PYTHON'
import datetime, json, re, statistics, sys
document = json.load(open(sys.argv[1]))
runs = document["runs"]
assert document["sweep"]["state"] == "completed", document["sweep"]
assert len(runs) == 8, len(runs)
first = min(datetime.datetime.fromisoformat(run["started_at"]) for run in runs)
last = max(datetime.datetime.fromisoformat(run["finished_at"]) for run in runs)
silos = sorted({run["silo"] for run in runs})
per_silo = {silo: sum(run["silo"] == silo for run in runs) for silo in silos}
leases = []
for path in sys.argv[5:]:
    leases += [float(value) for value in re.findall(r"the lease request took ([0-9.]+) ms", open(path).read())]
print(f"silos={sys.argv[4]} wall_s={float(sys.argv[3]) - float(sys.argv[2]):.1f} "
      f"span_s={(last - first).total_seconds():.1f} runs_per_silo={sorted(per_silo.values())} "
      f"median_train_s={statistics.median(run['train_seconds'] for run in runs):.2f} "
      f"lease_ms_median={statistics.median(leases):.1f} lease_ms_max={max(leases):.1f} leases={len(leases)}")
PYTHON
    for pid in "${silo_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait "${silo_pids[@]}" 2>/dev/null || true
    kill -TERM "$redis_pid" && wait "$redis_pid" || true
}

# run_kill EPOCHS VICTIM: kills a training silo and times the lost run's restart on another silo.
run_kill() {
    local name=kill epochs=$1 victim_role=$2 victim="" line run_key killed_at restarted_at survivors=()
    declare -A silo_pids=()
    start_redis "$name"
    for index in 1 2 3; do start_silo "$name" "$index"; done
    write_sweep "$name" 6 "$epochs"
    dotnet "$client_dll" submit "$work/$name.json" --cluster "$cluster" --detach >/dev/null 2>"$work/$name-client.log"
    until [ -n "$victim" ]; do
        for index in 1 2 3; do
            local log="$work/$name-silo-$index.log" role=worker
            grep -qs "Sweep $name started" "$log" && role=coordinator
            if [ "$role" = "$victim_role" ] && grep -qs " started, attempt 1, on silo " "$log"; then
                victim=$index
                break
            fi
        done
        sleep 0.05
    done
    line=$(grep -m 1 " started, attempt 1, on silo " "$work/$name-silo-$victim.log")
    run_key=$(sed -E 's/.*Run (.*) started, attempt 1,.*/\1/' <<<"$line")
    sleep 1
    kill -9 "${silo_pids[$victim]}"
    killed_at=$(date +%s.%N)
    for index in 1 2 3; do [ "$index" = "$victim" ] || survivors+=("$work/$name-silo-$index.log"); done
    # The attempt number restarts at 1 when the killed silo also hosted the sweep's coordinator.
    until grep -qs "Run $run_key started, attempt" "${survivors[@]}"; do sleep 0.05; done
    restarted_at=$(date +%s.%N)
    python3 -c "print(f'victim={\"$victim_role\"} kill_to_restart_s={$restarted_at - $killed_at:.1f} run={\"$run_key\"} killed_at={$killed_at:.1f}')"
    grep -h "Lease of run $run_key, attempt 1, .* expired or its silo died\|Sweep $name resumed" "${survivors[@]}" || true
    for index in 1 2 3; do
        [ "$index" = "$victim" ] || kill -TERM "${silo_pids[$index]}" 2>/dev/null || true
    done
    wait "${silo_pids[@]}" 2>/dev/null || true
    kill -TERM "$redis_pid" && wait "$redis_pid" || true
}

echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
case "$mode" in
    scale)
        epochs=${2:-2000}
        run_scale one-silo 1 "$epochs"
        run_scale two-silos 2 "$epochs"
        ;;
    kill)
        run_kill "${2:-3000}" "${3:-worker}"
        ;;
    *)
        echo "error: unknown mode \"$mode\"; use scale or kill" >&2
        exit 2
        ;;
esac
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
