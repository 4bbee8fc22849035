#!/usr/bin/env bash
# The seed README's curl examples, verbatim but for three substitutions a runnable copy needs: the base URL
# (https://fexo.deepvox.ai -> $1), {SESSION_ID} (the id the first call returns) and the README's truncated frame
# "data:image/jpeg;base64,/9j/4AAQ..." (a real JPEG, given as $2). Prints each answer on its own line.
# Usage: seed_readme_curl.sh BASE_URL FRAME.jpg
set -euo pipefail
BASE="$1"
FRAME="data:image/jpeg;base64,$(base64 -w0 "$2")"

# Start a Session
START=$(curl -X POST $BASE/api/sessions/start \
  -H "Content-Type: application/json" \
  -d '{"job_data": {"jobTitle": "Software Engineer"}}' -s)
echo "$START" | tr -d '\n'; echo
SESSION_ID=$(printf '%s' "$START" | python3 -c 'import json, sys; print(json.load(sys.stdin)["session_id"])')

# Analyze a Frame (the body goes through a file: a real frame is longer than a command line may be)
printf '{"frame": "%s"}' "$FRAME" > "${TMPDIR:-/tmp}/seed-frame-$$.json"
curl -X POST $BASE/api/sessions/$SESSION_ID/frame \
  -H "Content-Type: application/json" \
  -d @"${TMPDIR:-/tmp}/seed-frame-$$.json" -s | tr -d '\n'; echo
rm -f "${TMPDIR:-/tmp}/seed-frame-$$.json"

# Get Session Metrics
curl $BASE/api/sessions/$SESSION_ID/metrics -s | tr -d '\n'; echo

# End Session & Get Report
curl -X POST $BASE/api/sessions/$SESSION_ID/end -s | tr -d '\n'; echo
