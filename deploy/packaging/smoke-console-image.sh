#!/usr/bin/env sh
# Starts the console's application image headless and checks that its window shows:
#   deploy/packaging/smoke-console-image.sh console-app/target/jpackage/tandem-console
# Uses the display in DISPLAY, else Xvfb through xvfb-run (Debian package xvfb). The console's
# --smoke-test waits for its window, logs one line and exits 0 (1 when none shows in a minute).
set -eu
IMAGE=${1:?usage: smoke-console-image.sh APP_IMAGE_DIR}
LAUNCHER="$IMAGE/bin/tandem-console"
[ -x "$LAUNCHER" ] || { echo "smoke-console-image: no launcher at $LAUNCHER" >&2; exit 2; }
# --agent at an address nothing listens on: the console starts without the embedded demo pair
ARGS="--smoke-test --agent 127.0.0.1:9"
if [ -n "${DISPLAY:-}" ]; then
  exec timeout 120 "$LAUNCHER" $ARGS
fi
command -v xvfb-run >/dev/null 2>&1 || { echo "smoke-console-image: no DISPLAY and no xvfb-run (apt-get install xvfb)" >&2; exit 2; }
exec timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$LAUNCHER" $ARGS
