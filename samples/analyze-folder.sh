#!/usr/bin/env bash
# The nightly batch from the design card: analyse every recording under a folder (recursively), one JSON +
# Markdown + HTML report per recording under the output folder (mirroring sub-folders), evidence frames under
# OUTPUT_DIR/evidence/, and summary.csv / summary.json listing each recording's review priority. Rerunning resumes:
# recordings whose reports exist are skipped (add --force to redo them). Exit status 3 when some recordings failed
# (their rows in summary.csv say why); the others are still analysed.
# Usage: [PROCTOR=path/to/proctor] samples/analyze-folder.sh INPUT_DIR OUTPUT_DIR [analyze options...]
#   e.g. samples/analyze-folder.sh recordings/ reports/ --jobs 2 --glob '*.webm' --config samples/proctor-config.json
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: $0 INPUT_DIR OUTPUT_DIR [proctor analyze options...]" >&2
  exit 2
fi
input=$1 output=$2
shift 2
proctor=${PROCTOR:-$(dirname "$0")/../.build/release/proctor}
status=0
"$proctor" analyze "$input" --out "$output" --format json,markdown,html "$@" || status=$?
if [[ $status -eq 3 ]]; then
  echo "some recordings failed: see the rows with status 'failed' in $output/summary.csv" >&2
fi
# The recordings a reviewer should open first.
if [[ -f "$output/summary.csv" ]]; then
  python3 - "$output/summary.csv" <<'PY' >&2
import csv, sys
for row in csv.DictReader(open(sys.argv[1])):
    if row["review_priority"] in ("high", "needs_review"):
        print(f"review ({row['review_priority']}, score {row['review_score']}): {row['file']}")
PY
fi
exit $status
