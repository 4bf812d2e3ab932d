#!/usr/bin/env bash
# Console figures for BENCHMARKS.md (issue 13), printed as one line each:
#   window   time from the README's main command (warm build) to the window shown, and to the demo pair running
#   idle     CPU share and RSS of the console alone (the demo pair in another JVM), idle for IDLE_S seconds
#   chart    the chart benchmark, the console's canvas path against the stock LineChart, same run
# Usage: bench/console-bench.sh [-r RUNS] [--only window|idle|chart]. Needs Xvfb; uses display :98.
set -euo pipefail
RUNS=3; ONLY=""; IDLE_S=${IDLE_S:-60}
while [ $# -gt 0 ]; do
  case "$1" in
    -r) RUNS=$2; shift 2;;
    --only) ONLY=$2; shift 2;;
    *) echo "usage: $0 [-r RUNS] [--only window|idle|chart]" >&2; exit 2;;
  esac
done
cd "$(dirname "$0")/.."
export DISPLAY=:98
Xvfb :98 -screen 0 1280x800x24 >/dev/null 2>&1 &
XVFB=$!
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; kill $XVFB 2>/dev/null || true; }
trap cleanup EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now() { date +%s.%N; }
# waits (bounded) for a line in a file; prints the seconds since $2
await_line() { local file=$1 t0=$2 pattern=$3 bound=$4; local end=$(( $(date +%s) + bound ))
  while ! grep -q "$pattern" "$file" 2>/dev/null; do
    [ "$(date +%s)" -gt "$end" ] && { echo "timeout waiting for '$pattern' in $file" >&2; return 1; }
    sleep 0.1
  done
  echo "$(now) - $t0" | bc; }

mvn -B -q -pl console-app -am package -DskipTests >/dev/null   # the warm build every run below starts from

if [ -z "$ONLY" ] || [ "$ONLY" = window ]; then
  W=(); D=()
  for r in $(seq 1 "$RUNS"); do
    log=$(mktemp); t0=$(now)
    setsid mvn -B -q -pl console-app -am compile javafx:run >"$log" 2>&1 &
    pid=$!; PIDS+=("$pid")
    w=$(await_line "$log" "$t0" "window open" 180); d=$(await_line "$log" "$t0" "demo pair running" 240)
    W+=("$w"); D+=("$d")
    kill -- -"$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    echo "window run $r: window shown after ${w} s, demo pair running after ${d} s"
  done
  echo "window: median window shown $(printf '%s\n' "${W[@]}" | median) s, demo pair running $(printf '%s\n' "${D[@]}" | median) s ($RUNS runs)"
fi

if [ -z "$ONLY" ] || [ "$ONLY" = idle ]; then
  mvn -B -q -pl console-app -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=/tmp/console-cp.txt -Dmdep.includeScope=runtime >/dev/null
  CP="console-app/target/classes:$(cat /tmp/console-cp.txt)"
  TCK=$(getconf CLK_TCK); C=(); R=()
  for r in $(seq 1 "$RUNS"); do
    pairlog=$(mktemp); fifo=$(mktemp -u); mkfifo "$fifo"
    java -cp "$CP" dev.tandem.tools.demo.DemoPairMain <"$fifo" >"$pairlog" 2>/dev/null &
    PIDS+=($!); exec 7>"$fifo"
    await_line "$pairlog" "$(now)" "^--agent" 240 >/dev/null
    clog=$(mktemp)
    # shellcheck disable=SC2046
    java -cp "$CP" dev.tandem.console.ConsoleLauncher $(grep -m1 "^--agent" "$pairlog") >"$clog" 2>&1 &
    cpid=$!; PIDS+=("$cpid")
    await_line "$clog" "$(now)" "window open" 120 >/dev/null
    sleep 20   # settle: connections made, history back-filled
    a=$(awk '{print $14+$15}' /proc/$cpid/stat); sleep "$IDLE_S"; b=$(awk '{print $14+$15}' /proc/$cpid/stat)
    cpu=$(echo "scale=1; 100 * ($b - $a) / $TCK / $IDLE_S" | bc)
    rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$cpid/status)
    C+=("$cpu"); R+=("$rss")
    kill "$cpid"; wait "$cpid" 2>/dev/null || true; exec 7>&-; wait 2>/dev/null || true; rm -f "$fifo"
    echo "idle run $r: console CPU ${cpu} % of one core over ${IDLE_S} s, RSS ${rss} MB"
  done
  echo "idle: median console CPU $(printf '%s\n' "${C[@]}" | median) % of one core, RSS $(printf '%s\n' "${R[@]}" | median) MB ($RUNS runs, ${IDLE_S} s each)"
fi

if [ -z "$ONLY" ] || [ "$ONLY" = chart ]; then
  mvn -B -q -pl console-app -am test-compile >/dev/null
  mvn -B -q -pl console-app -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=/tmp/console-test-cp.txt -Dmdep.includeScope=test >/dev/null
  CP="console-app/target/classes:console-app/target/test-classes:proto/target/classes:contract/target/classes:$(tr ':' '\n' </tmp/console-test-cp.txt | grep -v dev/tandem | paste -sd:)"
  for r in $(seq 1 "$RUNS"); do
    for mode in canvas linechart; do   # side by side, alternating, so both see the same machine
      echo "chart run $r $mode: $(java -Xmx2g -Dprism.order=sw -cp "$CP" dev.tandem.console.bench.ChartBenchmarkMain $mode 20 10 2>/dev/null | tail -1)"
    done
  done
fi
