#!/usr/bin/env bash
# agent-kill.sh — live pair of real agents (separate OS processes), one node killed abruptly (issue 4).
#
# Usage: bench/agent-kill.sh [options]
#   -n, --clients N          simulated clients = users (default 15000)
#   -r, --rounds R           rounds per case; medians are printed (default 3)
#   --case dual|nodual|both|login|planned
#                            dual connections, none, or both cases (default both); login: the
#                            login-throughput mode (no kill): N clients in the simulator's JVM log
#                            in ACTIVE to node-a, timed until every one is accepted; planned: as
#                            dual, but node-a is asked for a manual failover instead of killed
#                            (clientsWithOutage: clients with any downtime at all)
#   --hb-interval D          heartbeat.interval (default 200ms)
#   --hb-timeout D           heartbeat.timeout (default 2s)
#   --hb-init-timeout D      heartbeat.init-timeout: how long a starting agent waits for its peer (default 10s)
#   --relogin-lower MS       relogin.lower in ms, agents and simulator (default 120)
#   --relogin-upper MS       relogin.upper in ms (default 537)
#   --settle-ms MS           quiet time after the last standby login before the kill (default 2000)
#   --agent-heap SIZE        -Xmx of each agent (default 768m)
#   --sim-heap SIZE          -Xmx of the simulator (default 1g; give more for 50,000 dual clients)
#   --keep                   keep the temp dir with logs (default: removed, unless a round failed)
#   env JFR_DIR=DIR          record JFR (settings=profile) in the agents and the simulator; node-b's
#                            recording (node-a's in login mode) is dumped into DIR before the round's
#                            processes are stopped. bench/jfr-hot.py FILE.jfr prints the hot frames.
#   env JFR_SETTINGS=S       JFR settings for JFR_DIR (default profile); event overrides may follow,
#                            e.g. 'profile,jdk.ExecutionSample#period=2ms,jdk.JavaMonitorEnter#threshold=1ms'
#   -h, --help               this text
# Environment: AGENT_JAVA_OPTS is added to each agent's JVM options, SIM_JAVA_OPTS to the simulator's; each agent writes a GC log
# (node-X-gc.log) beside its log. The simulator runs C1 only by default, as the agent launcher does
# (SIM_JAVA_OPTS defaults to -XX:TieredStopAtLevel=1; SIM_JAVA_OPTS= gives it the JVM's tiered
# compilation): it shares the 2 cores with the agents, and its C2 compiler threads took as much CPU
# as node-a's whole login storm. Each JSON line records the simulator's options as simJavaOpts.
# The simulator opens its gRPC channels (4 TCP connections per node) before the login clock starts,
# and runs its clients' callbacks on the event loops that read them (SIM_CALLBACKS=EVENT_LOOP, the
# default; SIM_CALLBACKS=POOL: gRPC's default executor, a thread hop per callback, as before
# 2026-12-03). Each JSON line records it as simCallbacks.
#
# Each round: two agents started with agent/bin/tandem-agent --insecure (plaintext, no secrets:
# the simulator and AddUsersMain speak plaintext; TLS is not measured here) on free loopback ports, own data
# dirs under a temp dir, Active-Standby (every user homed on node-a); users added through the
# admin API (AddUsersMain); the client simulator (ClientSimulator, third JVM) logs every client
# in to node-a (dual: plus an inactive connection to node-b), waits --settle-ms, SIGKILLs
# node-a's JVM and measures until every client is served again. Detection and takeover come
# from node-b's admin status (the timestamps of its state changes); login throughput is
# node-a's initial login storm (N ACTIVE logins, first try, no redirects). Fields added to the
# kill rounds' JSON from node-b's move log line: moveCpuMs (the moving thread's own CPU),
# promoteMs and promoteWriteMs (the session manager's promotion pass and its writes).
# Build first: mvn -B -q -pl tools -am package -DskipTests (the agent, and the tools module with
# the simulator and AddUsersMain)
set -euo pipefail

CLIENTS=15000 ROUNDS=3 CASE=both HB_INTERVAL=200ms HB_TIMEOUT=2s HB_INIT=10s RL_LOWER=120 RL_UPPER=537 SETTLE=2000
AGENT_HEAP=768m SIM_HEAP=1g KEEP=0
SIM_JAVA_OPTS=${SIM_JAVA_OPTS--XX:TieredStopAtLevel=1}
SIM_CALLBACKS=${SIM_CALLBACKS:-EVENT_LOOP}
while [ $# -gt 0 ]; do
  case "$1" in
    -n|--clients) CLIENTS=$2; shift 2 ;;
    -r|--rounds) ROUNDS=$2; shift 2 ;;
    --case) CASE=$2; shift 2 ;;
    --hb-interval) HB_INTERVAL=$2; shift 2 ;;
    --hb-timeout) HB_TIMEOUT=$2; shift 2 ;;
    --hb-init-timeout) HB_INIT=$2; shift 2 ;;
    --relogin-lower) RL_LOWER=$2; shift 2 ;;
    --relogin-upper) RL_UPPER=$2; shift 2 ;;
    --settle-ms) SETTLE=$2; shift 2 ;;
    --agent-heap) AGENT_HEAP=$2; shift 2 ;;
    --sim-heap) SIM_HEAP=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "agent-kill.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$(ls "$ROOT"/agent/target/tandem-agent-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n 1 || true)
TOOLS_JAR=$(ls "$ROOT"/tools/target/tandem-tools-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n 1 || true)
if [ -z "$JAR" ] || [ ! -d "$ROOT/agent/target/lib" ] || [ -z "$TOOLS_JAR" ] || [ ! -d "$ROOT/tools/target/lib" ]; then
  echo "agent-kill.sh: build first: mvn -B -q -pl tools -am package -DskipTests" >&2; exit 2
fi
# the simulator and AddUsersMain live in the tools module (its lib/ holds the agent jar and its dependencies)
CP="$TOOLS_JAR:$ROOT/tools/target/lib/*"
QUIET="-Dlogback.configurationFile=presence-bench-logback.xml"
WORK=$(mktemp -d /tmp/agent-kill.XXXXXX)
PIDS=()
FAILED=0

cleanup() {
  for p in "${PIDS[@]:-}"; do
    [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true
  done
  for p in "${PIDS[@]:-}"; do
    [ -n "$p" ] && { wait "$p"; } 2>/dev/null || true
  done
  PIDS=()
}
finish() {
  cleanup
  if [ "$KEEP" = 1 ] || [ "$FAILED" = 1 ]; then echo "logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap finish EXIT
trap 'exit 130' INT TERM

# CPU time (user + system, ms) a process has used so far; 0 when it is gone
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# CPU time (ms) of each thread of a process, threads of one name pool summed, largest first
thread_cpu() {
  local hz; hz=$(getconf CLK_TCK)
  for t in /proc/"$1"/task/*; do
    printf '%s\t%s\n' "$(sed 's/[0-9]\+/N/g' "$t/comm" 2>/dev/null)" "$(awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null)"
  done | awk -F'\t' -v hz="$hz" '{ s[$1] += $2 } END { for (k in s) printf "%8d ms  %s\n", s[k] * 1000 / hz, k }' | sort -rn
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

start_agent() { # name peer service-port peer-service-port admin-port client-port dir
  local jfr=""; [ -n "${JFR_DIR:-}" ] && jfr="-XX:StartFlightRecording=filename=$JFR_DIR/$1-$(basename "$7").jfr,settings=${JFR_SETTINGS:-profile}"
  JAVA_OPTS="-Xmx$AGENT_HEAP $jfr -Xlog:gc*:file=$7/$1-gc.log:uptime,tags ${AGENT_JAVA_OPTS:-}" "$ROOT/agent/bin/tandem-agent" --insecure --node "$1" --peer "$2" \
    --peer-address "127.0.0.1:$4" --service-port "$3" --admin-port "$5" --bind 127.0.0.1 --data-dir "$7/$1" \
    --set client.port="$6" --set heartbeat.interval="$HB_INTERVAL" --set heartbeat.timeout="$HB_TIMEOUT" \
    --set heartbeat.init-timeout="$HB_INIT" --set service.poll=100ms \
    --set relogin.lower="${RL_LOWER}ms" --set relogin.upper="${RL_UPPER}ms" \
    --set users.assignment-mode=ACTIVE_STANDBY >"$7/$1.log" 2>&1 &
  LAST_PID=$!
}

# round CASE R -> appends a JSON line to $WORK/results.jsonl
round() {
  local dual=$1 r=$2 dir="$WORK/$1-$2"
  mkdir -p "$dir"
  local sa sb aa ab ca cb
  sa=$(free_port); sb=$(free_port); aa=$(free_port); ab=$(free_port); ca=$(free_port); cb=$(free_port)
  start_agent node-a node-b "$sa" "$sb" "$aa" "$ca" "$dir"; local pa=$LAST_PID; PIDS+=("$pa")
  start_agent node-b node-a "$sb" "$sa" "$ab" "$cb" "$dir"; local pb=$LAST_PID; PIDS+=("$pb")
  java -Xmx256m $QUIET -cp "$CP" dev.tandem.tools.bench.AddUsersMain "127.0.0.1:$aa" "$CLIENTS" user 180 \
    >"$dir/setup.log" 2>&1 || { echo "round $dual $r: setup failed (see $dir)" >&2; FAILED=1; cleanup; return 0; }
  local dflag=--dual; [ "$dual" = nodual ] && dflag=--no-dual
  local disrupt=(--kill-pid "$pa"); [ "$dual" = planned ] && disrupt=(--failover-admin "node-a=127.0.0.1:$aa")
  # CPU picture during the login storm (one top snapshot 3 s in)
  ( sleep 3; top -b -n1 -w 200 | head -15 >"$dir/top-login.txt" ) &
  local topjob=$!
  local sjfr=""; [ -n "${JFR_DIR:-}" ] && sjfr="-XX:StartFlightRecording=filename=$JFR_DIR/sim-$dual-$r.jfr,settings=${JFR_SETTINGS:-profile}"
  java -Xmx"$SIM_HEAP" $sjfr ${SIM_JAVA_OPTS:-} $QUIET -cp "$CP" dev.tandem.tools.sim.ClientSimulator \
    --node "node-a=127.0.0.1:$ca" --node "node-b=127.0.0.1:$cb" --clients "$CLIENTS" --callbacks "$SIM_CALLBACKS" $dflag \
    --relogin-lower-ms "$RL_LOWER" --relogin-upper-ms "$RL_UPPER" --time-scale 1 --publish-interval-ms 0 \
    --first-node node-a "${disrupt[@]}" --watch-admin "node-b=127.0.0.1:$ab" --settle-ms "$SETTLE" \
    --timeout-s 120 --json >"$dir/sim.json" 2>"$dir/sim.err" || true
  wait "$topjob" 2>/dev/null || true
  [ -n "${JFR_DIR:-}" ] && { jcmd "$pb" JFR.dump filename="$JFR_DIR/node-b-$dual-$r.jfr" >/dev/null 2>&1 || true; }
  # node-b's view after the round (states and the last events)
  timeout 20 "$ROOT/agent/bin/tandemctl" --insecure --agent "127.0.0.1:$ab" status >"$dir/status-b.txt" 2>&1 || true
  timeout 20 "$ROOT/agent/bin/tandemctl" --insecure --agent "127.0.0.1:$ab" events >"$dir/events-b.txt" 2>&1 || true
  cleanup
  local line; line=$(grep '^{' "$dir/sim.json" | tail -1 || true)
  if [ -z "$line" ]; then
    echo "round $dual $r: no result (see $dir/sim.err)" >&2; FAILED=1; return 0
  fi
  # detection and takeover from node-b's own log lines (ms timestamps), relative to the kill
  local kill_ms; kill_ms=$(echo "$line" | jq .killEpochMs)
  local fromlog; fromlog=$(python3 - "$dir/node-b.log" "$kill_ms" <<'PY'
import sys, re, datetime, json
log, kill = sys.argv[1], int(sys.argv[2])
day = datetime.datetime.fromtimestamp(kill / 1000).date()
def at(hms):
    t = datetime.datetime.combine(day, datetime.datetime.strptime(hms, "%H:%M:%S.%f").time())
    return t.timestamp() * 1000 - kill
out = {}
for l in open(log, errors="replace"):
    m = re.match(r"(\d\d:\d\d:\d\d\.\d{3}) ", l)
    if not m:
        continue
    if "detectionMs" not in out and "Normal (Normal) -> Taking Over" in l:
        out["detectionMs"] = at(m.group(1))
    if "takeoverMs" not in out and "-> Running in Backup Mode" in l:
        out["takeoverMs"] = at(m.group(1))
    mv = re.search(r"TAKE_OVER(?:_PEER_USERS)? moved (\d+) user\(s\) in (\d+) ms", l)
    if mv and "moveMs" not in out:
        out["moveMs"] = int(mv.group(2))
        cpu = re.search(r"CPU of the moving thread ([\d.]+) ms", l)
        if cpu:
            out["moveCpuMs"] = float(cpu.group(1))  # the moving thread's own CPU (the rest of moveMs is waiting)
    pr = re.search(r"TAKE_OVER by [^)]*\): promoted \d+ standby session\(s\) in (\d+) ms \(writing (\d+) ms\)", l)
    if pr and "promoteMs" not in out:
        out["promoteMs"], out["promoteWriteMs"] = int(pr.group(1)), int(pr.group(2))
print(json.dumps(out))
PY
)
  line=$(echo "$line" | jq -c --argjson l "${fromlog:-{\}}" '. + $l')
  echo "$line" | jq -c --arg case "$dual" --argjson round "$r" --arg so "$SIM_JAVA_OPTS" --arg sc "$SIM_CALLBACKS" '. + {case: $case, round: $round, simJavaOpts: $so, simCallbacks: $sc}' >>"$WORK/results.jsonl"
  echo "$line" | jq -r --arg c "$dual" --argjson r "$r" '"\($c) run \($r): " + (if .ok then "ok" else "FAILED: \(.problem)" end)
    + "; logins \(.loginsPerSec|floor)/s; hb gap max \(.maxHeartbeatGapMs) ms (timeout \(.heartbeatTimeoutMs)), rtt max \(.maxRoundTripMs) ms"
    + "; detection \(.detectionMs|floor) ms, takeover done \(.takeoverMs|floor) ms (move \(.moveMs) ms, moving thread CPU \(.moveCpuMs // "?") ms), node-b serves all \(.servedAllMs|floor) ms"
    + (if .stats then "; downtime p50 \(.stats.downtimeMs.p50|floor) p99 \(.stats.downtimeMs.p99|floor) max \(.stats.downtimeMs.max|floor) ms"
       + "; all served \(.stats.timeUntilAllServedMs // -1 | floor) ms (outages \(.stats.outages), with downtime \(.stats.clientsWithOutage))" else "" end)'
  grep -q '"ok":true' <<<"$line" || FAILED=1
}

# login_round R -> appends {"ok","clients","loginMs","loginsPerSec",...,"case":"login","round":R}
login_round() {
  local r=$1 dir="$WORK/login-$1"
  mkdir -p "$dir"
  local sa sb aa ab ca cb
  sa=$(free_port); sb=$(free_port); aa=$(free_port); ab=$(free_port); ca=$(free_port); cb=$(free_port)
  start_agent node-a node-b "$sa" "$sb" "$aa" "$ca" "$dir"; local pa=$LAST_PID; PIDS+=("$pa")
  start_agent node-b node-a "$sb" "$sa" "$ab" "$cb" "$dir"; local pb=$LAST_PID; PIDS+=("$pb")
  java -Xmx256m $QUIET -cp "$CP" dev.tandem.tools.bench.AddUsersMain "127.0.0.1:$aa" "$CLIENTS" user 180 \
    >"$dir/setup.log" 2>&1 || { echo "login round $r: setup failed (see $dir)" >&2; FAILED=1; cleanup; return 0; }
  local sjfr=""; [ -n "${JFR_DIR:-}" ] && sjfr="-XX:StartFlightRecording=filename=$JFR_DIR/sim-login-$r.jfr,settings=${JFR_SETTINGS:-profile}"
  ( sleep 2; top -b -n1 -w 200 | head -15 >"$dir/top-login.txt" ) &
  local topjob=$!
  local cpu_a0; cpu_a0=$(cpu_ms "$pa")
  thread_cpu "$pa" >"$dir/threads-node-a-before.txt" 2>/dev/null || true
  local load0; load0=$(cut -d' ' -f1 /proc/loadavg)
  java -Xmx"$SIM_HEAP" $sjfr ${SIM_JAVA_OPTS:-} $QUIET -cp "$CP" dev.tandem.tools.sim.ClientSimulator \
    --node "node-a=127.0.0.1:$ca" --node "node-b=127.0.0.1:$cb" --clients "$CLIENTS" --callbacks "$SIM_CALLBACKS" --no-dual \
    --relogin-lower-ms "$RL_LOWER" --relogin-upper-ms "$RL_UPPER" --time-scale 1 --publish-interval-ms 0 \
    --first-node node-a --login-only --timeout-s 120 --json >"$dir/sim.json" 2>"$dir/sim.err" &
  local ps=$!
  # per-thread CPU of the simulator as it prints its result (before it closes), for the profile notes
  while kill -0 "$ps" 2>/dev/null && ! grep -q '^{' "$dir/sim.json" 2>/dev/null; do sleep 0.05; done
  local sim_cpu; sim_cpu=$(cpu_ms "$ps")
  local cpu_a1; cpu_a1=$(cpu_ms "$pa")
  thread_cpu "$ps" >"$dir/threads-sim.txt" 2>/dev/null || true
  wait "$ps" || true
  thread_cpu "$pa" >"$dir/threads-node-a.txt" 2>/dev/null || true
  local load1; load1=$(cut -d' ' -f1 /proc/loadavg)
  wait "$topjob" 2>/dev/null || true
  [ -n "${JFR_DIR:-}" ] && { jcmd "$pa" JFR.dump filename="$JFR_DIR/node-a-login-$r.jfr" >/dev/null 2>&1 || true; }
  cleanup
  local line; line=$(grep '^{' "$dir/sim.json" | tail -1 || true)
  if [ -z "$line" ]; then
    echo "login round $r: no result (see $dir/sim.err)" >&2; FAILED=1; return 0
  fi
  # added fields: node-a's CPU while the simulator ran, the simulator's CPU until it printed its result
  # (JVM start included), the 1-minute load average before and after
  line=$(echo "$line" | jq -c --argjson a "$((cpu_a1 - cpu_a0))" --argjson s "${sim_cpu:-0}" --arg l0 "$load0" --arg l1 "$load1" \
    '. + {agentCpuMs: $a, simCpuMs: $s, load1Start: ($l0|tonumber), load1End: ($l1|tonumber)}')
  echo "$line" | jq -c --argjson round "$r" --arg so "$SIM_JAVA_OPTS" --arg sc "$SIM_CALLBACKS" '. + {case: "login", round: $round, simJavaOpts: $so, simCallbacks: $sc}' >>"$WORK/results.jsonl"
  echo "$line" | jq -r --argjson r "$r" '"login run \($r): " + (if .ok then "ok" else "FAILED: \(.problem)" end)
    + "; \(.clients) logins in \(.loginMs|floor) ms = \(.loginsPerSec|floor)/s; CPU node-a \(.agentCpuMs) ms, simulator \(.simCpuMs) ms (storm \(.simStormCpuMs // "?") ms); load \(.load1Start) -> \(.load1End)"'
  grep -q '"ok":true' <<<"$line" || FAILED=1
}

echo "agent-kill: $CLIENTS clients, $ROUNDS rounds, heartbeat $HB_INTERVAL/$HB_TIMEOUT, re-login ${RL_LOWER}-${RL_UPPER} ms," \
  "Active-Standby (all homed on node-a), $(nproc) cores, $(java -version 2>&1 | head -1); simulator JVM options: ${SIM_JAVA_OPTS:-(none)}, callbacks $SIM_CALLBACKS"
cases=(dual nodual); [ "$CASE" = dual ] && cases=(dual); [ "$CASE" = nodual ] && cases=(nodual)
[ "$CASE" = planned ] && cases=(planned)
[ "$CASE" = login ] && cases=()
for c in "${cases[@]}"; do
  for r in $(seq 1 "$ROUNDS"); do round "$c" "$r"; done
done
if [ "$CASE" = login ]; then
  for r in $(seq 1 "$ROUNDS"); do login_round "$r"; done
fi

[ -s "$WORK/results.jsonl" ] || { echo "no results" >&2; exit 1; }
echo
echo "medians over ok rounds (ms unless noted):"
jq -s -r 'def med: sort | if length == 0 then null elif length % 2 == 1 then .[length/2|floor]
            else (.[length/2-1] + .[length/2]) / 2 end;
  group_by(.case)[] | map(select(.ok)) | select(length > 0) |
  if .[0].case == "login" then "login (\(length) ok): logins/s \(map(.loginsPerSec)|med|floor); login time \(map(.loginMs)|med|floor)" else
  "\(.[0].case) (\(length) ok): logins/s \(map(.loginsPerSec)|med|floor); detection \(map(.detectionMs)|med|floor);"
  + " takeover done \(map(.takeoverMs)|med|floor); node-b serves all \(map(.servedAllMs)|med|floor);"
  + " downtime p50 \(map(.stats.downtimeMs.p50)|med|floor), p99 \(map(.stats.downtimeMs.p99)|med|floor),"
  + " max \(map(.stats.downtimeMs.max)|med|floor); p99 - detection \(map(.stats.downtimeMs.p99 - .detectionMs)|med|floor);"
  + " all served (from kill) \(map(.stats.timeUntilAllServedMs)|med|floor);"
  + " all served after takeover start \(map(.stats.timeUntilAllServedMs - .detectionMs)|med|floor);"
  + " clients with downtime \(map(.stats.clientsWithOutage)|med|floor)" end' "$WORK/results.jsonl"
cp "$WORK/results.jsonl" "${RESULTS_OUT:-/dev/null}" 2>/dev/null || true
[ "$FAILED" = 0 ]
