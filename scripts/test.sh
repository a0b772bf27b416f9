#!/usr/bin/env bash
# Runs every test of AdminPortal (rules, store on SQLite and PostgreSQL, and on SQL Server where ADMINPORTAL_TEST_SQLSERVER
# names one, HTTP and components, browser end to end),
# installing what they need first. Screenshots of the browser tests land in e2e/AdminPortal.E2E/bin/Release/net10.0/screenshots.
# Ends with one line "N passed, N failed, N skipped" summing every test run.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/debian.sh

# What the tests need from Debian: PostgreSQL's server (the store tests start a throw-away cluster of their own)
# and Chromium (the browser tests drive it with Playwright; Playwright's own browser download does not work here),
# Samba (the Active Directory tests provision a throw-away domain controller; ldb-tools writes into it) and
# OpenLDAP's library (System.DirectoryServices.Protocols uses it on Linux), the openssl program (the tests make
# the controller's CA with it and compare certificate hashes with its own), and nginx (the cluster tests put three
# instances behind it, as scripts/cluster.sh does).
need postgresql ls /usr/lib/postgresql/*/bin/initdb
need chromium test -x /usr/bin/chromium
need samba test -x /usr/sbin/samba -a -x /usr/bin/samba-tool
# A domain controller starts winbindd as its child and stops when it cannot: Debian's samba only suggests the package.
need winbind test -x /usr/sbin/winbindd
need ldb-tools test -x /usr/bin/ldbadd
need openssl test -x /usr/bin/openssl
need libldap-2.5-0 ls /usr/lib/*/libldap*.so.*
need nginx test -x /usr/sbin/nginx
# scripts/cluster.sh (the cluster tests run it) asks instances' health with curl and picks free ports with python3,
# which this script also sums the reports with.
need curl test -x /usr/bin/curl
need python3 command -v python3
# The disk-full test gives the portal a small disk of its own: a tmpfs mounted in a mount namespace (unshare, mount).
need util-linux test -x /usr/bin/unshare
need mount test -x /usr/bin/mount
install_needed

# The OpenID Provider the sign-in browser test runs (the portal's own assets are installed by its build).
(cd e2e/oidc-provider && npm ci --no-audit --no-fund --loglevel=error)

# dotnet-ef, pinned in .config/dotnet-tools.json, for contributors adding migrations (scripts/add-migration.sh).
dotnet tool restore >/dev/null

dotnet restore AdminPortal.sln --nologo -v q
dotnet build AdminPortal.sln --no-restore --nologo -v q -c Release

results=$(mktemp -d)
status=0
# Every process the tests start carries this run's tag in its environment, so the check below finds what they left.
run="adminportal-test-$$-$(date +%s)"
ADMINPORTAL_TEST_RUN="$run" dotnet test AdminPortal.sln --no-build -c Release --nologo --logger "trx" --results-directory "$results" || status=$?

# Sum the outcome counters of every test run from its TRX report.
# Skipped tests (the SQL Server suites when ADMINPORTAL_TEST_SQLSERVER is unset) are counted as skipped, never as passed.
read -r passed failed skipped < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    # The counters leave skipped tests out; each has a result whose outcome is NotExecuted.
    skipped += sum(1 for r in ET.parse(path).getroot().findall(".//{*}UnitTestResult") if r.get("outcome") == "NotExecuted")
print(passed, failed, skipped)
PY
)
rm -rf "$results"
if [ "$passed" = 0 ] && [ "$status" = 0 ]; then status=1; echo "No test ran."; fi

# Nothing the tests started may outlive them (PostgreSQL clusters, the OpenID Provider, app processes): their
# watchdogs stop each within seconds of its test host, even a killed one. Whatever is still there is a failure.
tagged() {
  for environ in /proc/[0-9]*/environ; do
    pid=${environ#/proc/}; pid=${pid%/environ}
    grep -qzx "ADMINPORTAL_TEST_RUN=$run" "$environ" 2>/dev/null && echo "$pid $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)"
  done
  return 0
}
for _ in $(seq 30); do [ -z "$(tagged)" ] && break; sleep 1; done
left=$(tagged)
if [ -n "$left" ]; then
  echo "Left running after the tests (now killed):"
  echo "$left"
  echo "$left" | while read -r pid _; do kill -KILL "$pid" 2>/dev/null || true; done
  failed=$((failed + 1)); status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
