#!/usr/bin/env bash
# Swift toolchain for the Swift bindings, in a Debian trixie chroot (bookworm has no swiftlang).
#
#   scripts/swift-env.sh [setup]                 build the chroot once (cached; idempotent)
#   scripts/swift-env.sh run <dir> <command…>    run <command…> in <dir> (a path in the repo,
#                                                relative to the repo root or absolute) inside it
#
# The chroot lives OUTSIDE the repo: $FLEX_SWIFT_ROOT (default /var/cache/flex-sdk/swift-trixie).
# `run` mounts /proc, /dev, /sys and the repo (read-write, at /repo) in a private mount namespace
# (unshare -m), so the mounts vanish when the command ends, whatever way it ends. The network
# namespace is the host's: an emulator listening on 127.0.0.1 is reachable from inside.
# The environment inside is clean, except variables named FLEX_*, RUST_*, TWILIO_*, CI.
# FLEX_SWIFT_REPO overrides the directory mounted at /repo (default: this repo's root).
# Needs root.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="${FLEX_SWIFT_ROOT:-/var/cache/flex-sdk/swift-trixie}"
MIRROR="${FLEX_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PACKAGES="swiftlang libc6-dev libstdc++-14-dev pkg-config binutils ca-certificates git"
STAMP="$ROOT/.flex-swift-ready"          # holds $PACKAGES once everything succeeded
BOOT_STAMP="$ROOT/.flex-debootstrap-ok"  # debootstrap finished
case "$ROOT" in /?*) ;; *) echo "swift-env: FLEX_SWIFT_ROOT must be an absolute path other than /" >&2; exit 2 ;; esac
CHROOT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

log() { echo "swift-env: $*" >&2; }

# Unmount anything left mounted below $ROOT (only possible if a host-namespace mount leaked).
umount_leftovers() {
  local m
  for m in $(awk -v r="$ROOT/" 'index($2, r) == 1 { print $2 }' /proc/self/mounts | sort -r); do
    umount -l "$m" || true
  done
}

# in_chroot <workdir> <cmd…>: run in a private mount namespace with /proc,/dev,/sys bound.
in_chroot() {
  local wd="$1"; shift
  local envv=(HOME=/root PATH="$CHROOT_PATH" LANG=C.UTF-8 TERM="${TERM:-dumb}" DEBIAN_FRONTEND=noninteractive)
  local v
  while IFS= read -r v; do envv+=("$v=${!v}"); done < <(compgen -e | grep -E '^(FLEX_|RUST_|TWILIO_|CI$)' || true)
  unshare --mount --propagation private -- bash -euc '
    root="$1" repo="$2"; shift 2
    mount --rbind /proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount --rbind /sys "$root/sys"
    if [ -n "$repo" ]; then mkdir -p "$root/repo"; mount --bind "$repo" "$root/repo"; fi
    exec chroot "$root" /usr/bin/env -i -C "$@"
  ' _ "$ROOT" "${MOUNT_REPO:-}" "$wd" "${envv[@]}" "$@"
}

setup() {
  [ "$(cat "$STAMP" 2>/dev/null)" = "$PACKAGES" ] && return 0
  [ "$(id -u)" = 0 ] || { log "needs root"; exit 1; }
  mkdir -p "$(dirname "$ROOT")"
  exec 9>"$ROOT.lock"; flock 9   # one builder at a time
  [ "$(cat "$STAMP" 2>/dev/null)" = "$PACKAGES" ] && return 0
  if ! command -v debootstrap >/dev/null; then
    log "installing debootstrap"
    apt-get install -y -q debootstrap >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q debootstrap; }
  fi
  if [ ! -f "$BOOT_STAMP" ]; then
    umount_leftovers
    if [ -e "$ROOT" ]; then log "removing partial chroot $ROOT"; rm -rf --one-file-system "$ROOT"; fi
    log "debootstrap trixie into $ROOT (takes a few minutes)"
    debootstrap --variant=minbase trixie "$ROOT" "$MIRROR"
    touch "$BOOT_STAMP"
  fi
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  log "installing $PACKAGES"
  in_chroot / sh -c 'dpkg --configure -a && apt-get update -q && apt-get install -y -q --no-install-recommends "$@" && apt-get clean' _ $PACKAGES
  in_chroot / swift --version >&2
  echo "$PACKAGES" > "$STAMP"
  exec 9>&-
  log "ready: $ROOT"
}

case "${1:-setup}" in
  setup) setup ;;
  run)
    [ $# -ge 3 ] || { echo "usage: $0 run <dir-in-repo> <command…>" >&2; exit 2; }
    setup
    MOUNT_REPO="$(cd "${FLEX_SWIFT_REPO:-$REPO}" && pwd -P)"
    dir="$2"; shift 2
    case "$dir" in /*) ;; *) dir="$MOUNT_REPO/$dir" ;; esac
    dir="$(cd "$dir" && pwd -P)"
    case "$dir/" in "$MOUNT_REPO"/*) ;; *) echo "swift-env: $dir is not inside $MOUNT_REPO" >&2; exit 2 ;; esac
    in_chroot "/repo${dir#"$MOUNT_REPO"}" "$@"
    ;;
  *) echo "usage: $0 [setup] | run <dir-in-repo> <command…>" >&2; exit 2 ;;
esac
