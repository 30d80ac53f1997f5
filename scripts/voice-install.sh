#!/usr/bin/env bash
# Installs the voice edge's Debian packages (DESIGN §12, docs/voice-edge.md): Kamailio with the
# modules apps/voice/edge/kamailio.cfg loads, rtpengine for media, SIPp for the tests and the
# benchmark, baresip to ring the demo from a terminal. Needs root (sudo npm run voice:install).
# The packages' own services are not used: apps/voice runs Kamailio and rtpengine itself.
set -euo pipefail
PACKAGES=(kamailio kamailio-extra-modules kamailio-websocket-modules kamailio-autheph-modules rtpengine-daemon sip-tester baresip)
if [ "$(id -u)" -ne 0 ]; then
  echo "voice:install needs root: sudo npm run voice:install" >&2
  exit 1
fi
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "voice edge packages already installed: ${PACKAGES[*]}"
else
  echo "installing ${missing[*]}"
  apt-get update -qq
  # No service of theirs is started (policy-rc.d): apps/voice starts Kamailio and rtpengine on its own ports.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d.fc-voice
  chmod +x /usr/sbin/policy-rc.d.fc-voice
  had_policy=0
  [ -e /usr/sbin/policy-rc.d ] && had_policy=1 && cp /usr/sbin/policy-rc.d /usr/sbin/policy-rc.d.fc-voice-saved
  cp /usr/sbin/policy-rc.d.fc-voice /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
  if [ "$had_policy" -eq 1 ]; then mv /usr/sbin/policy-rc.d.fc-voice-saved /usr/sbin/policy-rc.d; else rm -f /usr/sbin/policy-rc.d; fi
  rm -f /usr/sbin/policy-rc.d.fc-voice
  [ "${status:-0}" -eq 0 ] || exit "$status"
fi
# What is installed (sipp -v exits 99, and head may cut the others short: neither is a failure).
{ kamailio -v 2>&1 || true; } | sed -n 1p
{ rtpengine --version 2>&1 || true; } | sed -n 1p
{ sipp -v 2>&1 || true; } | grep -m1 SIPp || true
