#!/usr/bin/env bash
# Schemathesis against a running demo's API, once per role that writes
# different things (the joint office, a deconfliction officer, an
# instructor), with every check and zero failures allowed. Bounded: at most
# 20 examples an operation and phase, about a minute a role on two cores.
# Logout is left out (it would end the run's own token), and so is the
# hotline's event stream (it never ends by design).
# Usage: e2e/schemathesis.sh BASE_URL PASSWORD
set -euo pipefail
base="$1"
password="$2"
here="$(cd "$(dirname "$0")" && pwd)"
users="tr.joint_office sy.deconfliction_officer tr.instructor"
# Every token first: the runs send sign-ins with made-up names, and the
# server then slows further sign-ins from this address, as it should.
declare -A tokens
for user in $users; do
  tokens[$user]=$(python3 - "$base" "$user" "$password" <<'PY'
import json, sys, urllib.request
base, user, password = sys.argv[1:4]
body = json.dumps({"username": user, "password": password}).encode()
request = urllib.request.Request(f"{base}/api/v1/login", data=body, headers={"content-type": "application/json"})
print(json.load(urllib.request.urlopen(request))["token"])
PY
)
done
for user in $users; do
  echo "schemathesis as $user"
  schemathesis --config-file "$here/schemathesis.toml" run "$base/api/v1/openapi.json" \
    -H "Authorization: Bearer ${tokens[$user]}" --checks all --max-examples 20 --workers 2 \
    --phases examples,coverage,fuzzing --seed 1 \
    --exclude-path /api/v1/logout --exclude-path /api/v1/hotline/events
done
