#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Remakes the README screenshots of the Wireshark Qt GUI with the exch plugin loaded:
#   exch-tree.png        a link-state frame, the X-LSA and exch subtrees expanded, a Role column
#   statistics-menu.png  Statistics › Exchange › Roles / Servers
#   statistics-roles.png the Exchange/Roles statistics window
#   exchange-profile.png the profile "Exchange": its columns, colours and filter buttons
# Usage: bash packaging/gui-screenshots.sh [OUTDIR]     (default packaging/screenshots)
# Installs what it lacks with apt-get (as root), builds build/plugin/exch.so and build/profiles/Exchange
# (or uses $EXCH_PLUGIN and $EXCH_PROFILE),
# and runs Wireshark on a private Xvfb display with a fresh configuration, so the pictures do not
# depend on anyone's preferences.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-packaging/screenshots}")
NOBODY=65534

# --- what it needs -----------------------------------------------------------------------------
packages=(wireshark-qt tshark xvfb xdotool imagemagick pngquant util-linux)
[ -n "${EXCH_PLUGIN:-}" ] || packages+=(cmake gcc make pkg-config python3 libwireshark-dev wireshark-dev)
. packaging/ensure-packages.sh
ensure_packages gui-screenshots "${packages[@]}"

plugin=${EXCH_PLUGIN:-build/plugin/exch.so}
profile=${EXCH_PROFILE:-build/profiles/Exchange}
if [ -z "${EXCH_PLUGIN:-}" ]; then          # incremental: a stale exch.so would lack the statistics
  [ -f build/CMakeCache.txt ] || cmake -S . -B build
  cmake --build build -j2 --target exch exch_profile
fi

# --- sandbox: Wireshark ignores WIRESHARK_PLUGIN_DIR and personal plugins when run as root, so
# as root it runs as nobody, on copies that user can read (as tests/exchtest.py does) -------------
tmp=$(mktemp -d /tmp/exch-shots-XXXXXX)
chmod 755 "$tmp"
xvfb_pid='' ws_pid=''
cleanup() {
  [ -z "$ws_pid" ] || kill "$ws_pid" 2>/dev/null || true
  [ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

version=$(tshark --version 2>/dev/null | sed -n '1s/.*(Wireshark) \([0-9]*\.[0-9]*\).*/\1/p')
stock=''
for d in /usr/lib/*/wireshark/plugins/"$version" /usr/lib/wireshark/plugins/"$version"; do
  [ -d "$d" ] && { stock=$d; break; }
done
[ -n "$stock" ] || { echo "gui-screenshots: no stock plugin folder for Wireshark $version" >&2; exit 1; }
mkdir -p "$tmp/plugins/$version/epan" "$tmp/home" "$tmp/runtime" "$tmp/data"
for so in "$stock"/epan/*.so; do ln -s "$so" "$tmp/plugins/$version/epan/"; done
for sub in codecs wiretap; do [ ! -d "$stock/$sub" ] || ln -s "$stock/$sub" "$tmp/plugins/$version/$sub"; done
install -m 755 "$plugin" "$tmp/plugins/$version/epan/exch.so"
install -m 644 testdata/synthetic/xlsa-transfer-25.pcap testdata/sample.pcapng "$tmp/data/"
chmod -R a+rX "$tmp/plugins" "$tmp/data"

# A fresh configuration: a 1280x900 window at 0,0 (the screen's height), no bytes pane, a Role
# column, and exch.role_details for a fuller exch tree.
cat > "$tmp/home/recent_common" <<'EOF'
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: 1280
gui.geometry_main_height: 900
gui.geometry_main_maximized: FALSE
privs.warn_if_elevated: FALSE
EOF
cat > "$tmp/home/recent" <<'EOF'
gui.byte_view_show: FALSE
gui.geometry_main_upper_pane: 170
EOF
cat > "$tmp/home/preferences" <<'EOF'
gui.column.format: "No.", "%m", "Time", "%t", "Source", "%s", "Destination", "%d", "Protocol", "%p", "Role", "%Cus:exch.role:0:R", "Info", "%i"
exch.role_details: TRUE
EOF
mkdir -p "$tmp/home/profiles"
cp -r "$profile" "$tmp/home/profiles/Exchange"
chmod 700 "$tmp/runtime"                   # Qt wants XDG_RUNTIME_DIR private to its owner
if [ "$(id -u)" -eq 0 ]; then
  chown -R "$NOBODY:$NOBODY" "$tmp/home" "$tmp/runtime"
  as_user=(setpriv "--reuid=$NOBODY" "--regid=$NOBODY" --clear-groups)
else
  as_user=()
fi

# --- a private X server (a display number it picks itself), no window manager ------------------
exec 3> "$tmp/display"
Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
exec 3>&-
for _ in $(seq 50); do [ -s "$tmp/display" ] && break; sleep 0.1; done
[ -s "$tmp/display" ] || { echo "gui-screenshots: Xvfb did not start: $(cat "$tmp/xvfb.log")" >&2; exit 1; }
DISPLAY=":$(cat "$tmp/display")"
export DISPLAY
# An array, not a function: "${sandboxed[@]}" wireshark & then gives $! = Wireshark's own PID.
sandboxed=("${as_user[@]}" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 DISPLAY="$DISPLAY" HOME="$tmp/home"
  WIRESHARK_CONFIG_DIR="$tmp/home" WIRESHARK_PLUGIN_DIR="$tmp/plugins" WIRESHARK_EXTCAP_DIR="$tmp/none"
  XDG_RUNTIME_DIR="$tmp/runtime")

# The plugin must load, with its statistics (an old exch.so has none): check before any GUI.
"${sandboxed[@]}" tshark -G plugins 2>/dev/null | grep -q "^exch\.so.*$tmp/plugins" ||
  { echo "gui-screenshots: Wireshark did not load $plugin" >&2; exit 1; }
"${sandboxed[@]}" tshark -z help 2>&1 | grep -q "exch_roles,tree" ||
  { echo "gui-screenshots: $plugin registers no exch_roles statistics (stale build?)" >&2; exit 1; }

mkdir -p "$out"

start_wireshark() {   # start_wireshark CAPTURE ARGS...: waits for its window (titled CAPTURE), sets win
  local name=$1; shift
  "${sandboxed[@]}" wireshark -r "$tmp/data/$name" "$@" >>"$tmp/wireshark.log" 2>&1 &
  ws_pid=$!
  win=$(timeout 60 xdotool search --sync --onlyvisible --name "^$name\$" | head -1) ||
    { echo "gui-screenshots: no Wireshark window for $name; log:" >&2; cat "$tmp/wireshark.log" >&2; exit 1; }
  sleep 3                                  # dissection, -g and the first paint
}
stop_wireshark() {    # SIGTERM, and SIGKILL if it is still there 5 s later
  kill "$ws_pid"
  for _ in $(seq 50); do kill -0 "$ws_pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$ws_pid" 2>/dev/null || true
  wait "$ws_pid" 2>/dev/null || true
  ws_pid=''
}
shot() {              # shot FILE WIDTH HEIGHT X Y: that part of the screen, quantised to 256 colours
  import -window root -crop "$2x$3+$4+$5" +repage "$tmp/shot.png"
  pngquant --force --speed 1 --output "$out/$1" -- "$tmp/shot.png"
  echo "$out/$1: $(stat -c %s "$out/$1") bytes"
}

# 1. The tree: frame 19 of the link-state transfer (FIRST chunk). A click in the details pane
# gives it the focus; End selects the last item (exch), Up the X-LSA one; Shift+Right is
# View › Expand Subtrees. The exch item stays selected, so the status bar names the protocol.
start_wireshark xlsa-transfer-25.pcap -Y exch -g 19
xdotool mousemove --window "$win" 640 700 click 1
sleep 0.5
xdotool key End Up shift+Right End shift+Right
sleep 1
shot exch-tree.png 1280 900 0 0

# 2. The menu. Plugin statistics come last in Statistics, after a separator, sorted by name; on
# Wireshark 4.0 "Exchange" is followed by F5, IPv4 and IPv6 Statistics, so from the first item
# Up wraps to the last and three more Ups reach Exchange; Right opens it. Step 3 checks that the
# entry was the right one.
stop_wireshark
start_wireshark sample.pcapng -Y exch -g 34
xdotool windowfocus --sync "$win" key alt+s
sleep 1
xdotool key Up Up Up Up
sleep 0.5
xdotool key Right
sleep 1
shot statistics-menu.png 840 790 0 0     # the menu bar, the menu and its submenu

# 3. Return on "Roles" opens the Exchange/Roles window ("Wireshark · Roles · sample.pcapng").
xdotool key Return
dialog=$(timeout 20 xdotool search --sync --onlyvisible --name "· Roles ·" | head -1) ||
  { echo "gui-screenshots: no Roles window: the Exchange entry is not where step 2 looked" \
         "(look at $out/statistics-menu.png)" >&2; exit 1; }
xdotool windowmove --sync "$dialog" 40 40 windowsize --sync "$dialog" 860 620
sleep 1.5
shot statistics-roles.png 860 620 40 40
stop_wireshark

# 4. The profile: its Role, Server and Basis columns, the colours of the role families and the
# filter buttons, on the sample capture.
start_wireshark sample.pcapng -C Exchange -g 30
shot exchange-profile.png 1280 560 0 0
stop_wireshark
