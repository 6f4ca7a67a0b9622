#!/bin/sh
# Makes sure Debian's chromium is installed for the end-to-end browser tests and the UI benchmark,
# and prints its path on stdout (everything else goes to stderr).
#
# Nothing here downloads a browser from anywhere but the machine's own Debian mirror: when
# chromium is missing and we run as root (a CI machine), it is installed with apt-get; otherwise
# the script fails and says the one command to run.
#
# WEFT_E2E_CHROMIUM=/path/to/chromium overrides the executable (it must exist).
set -eu

if [ -n "${WEFT_E2E_CHROMIUM:-}" ]; then
  if [ -x "$WEFT_E2E_CHROMIUM" ]; then
    echo "$WEFT_E2E_CHROMIUM"
    exit 0
  fi
  echo "WEFT_E2E_CHROMIUM=$WEFT_E2E_CHROMIUM is not an executable file." >&2
  exit 2
fi

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  echo "$CHROMIUM"
  exit 0
fi

if [ "$(id -u)" != "0" ]; then
  cat >&2 <<MSG
The UI end-to-end tests need Debian's chromium at $CHROMIUM, and it is not installed.
Install it once (as root), then run the tests again:

    sudo apt-get update && sudo apt-get install -y chromium

MSG
  exit 3
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing at $CHROMIUM and this machine has no apt-get: install chromium and set WEFT_E2E_CHROMIUM to its path." >&2
  exit 4
fi

export DEBIAN_FRONTEND=noninteractive
echo "chromium is missing: installing Debian's chromium (apt-get install -y chromium)..." >&2
# A fresh machine may have empty package lists, where chromium is unknown.
if ! apt-cache show chromium >/dev/null 2>&1; then
  apt-get update >&2
fi
apt-get install -y chromium >&2

if [ ! -x "$CHROMIUM" ]; then
  echo "apt-get installed chromium but $CHROMIUM does not exist." >&2
  exit 5
fi
echo "$CHROMIUM"
