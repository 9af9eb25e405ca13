#!/usr/bin/env bash
# Time a full deploy of stage2 (create, from validation to outputs) against a local moto
# server, then a redeploy with no changes, and a destroy. A benchmark, not a test: it prints
# wall times and asserts nothing about them.
#
#   bench/deploy.sh [RUNS]        (default 5; PROFILE=debug to skip the release build)
#
# Needs the test tools in .venv (scripts/test installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-5}"
profile="${PROFILE:-release}"
venv=.venv
[ -x "$venv/bin/python" ] || { echo "bench/deploy.sh: run scripts/test once to install $venv" >&2; exit 2; }

if [ "$profile" = release ]; then cargo build --release --quiet; else cargo build --quiet; fi
target="${CARGO_TARGET_DIR:-target}"
bin="$target/$profile/scalectl"

port="$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$venv/bin/python" tests/support/moto_server.py -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null || true; rm -rf "${tmp:-}"' EXIT
endpoint="http://127.0.0.1:$port"
until "$venv/bin/python" -c "import urllib.request; urllib.request.urlopen('$endpoint/moto-api/')" 2>/dev/null; do sleep 0.2; done
"$venv/bin/python" - "$endpoint" <<'PY'
import sys, boto3
boto3.client("route53", endpoint_url=sys.argv[1], region_name="us-east-1",
             aws_access_key_id="testing", aws_secret_access_key="testing"
             ).create_hosted_zone(Name="example.com.", CallerReference="bench")
PY

export AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export AWS_REGION=us-east-1 AWS_MAX_ATTEMPTS=1 CI=1

# Milliseconds a command takes; a failing command stops the benchmark.
time_of() {
  local t0 t1
  t0="$(date +%s%N)"
  if ! "$@" >/dev/null 2>"$tmp/err"; then
    echo "bench/deploy.sh: failed: $*" >&2; cat "$tmp/err" >&2; exit 1
  fi
  t1="$(date +%s%N)"
  echo $(( (t1 - t0) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
tmp="$(mktemp -d)"

create=() unchanged=() destroy=()
for i in $(seq "$runs"); do
  name="bench$i"
  create+=("$(time_of "$bin" deploy stage2 --stack-name "$name" --yes --endpoint-url "$endpoint")")
  unchanged+=("$(time_of "$bin" deploy stage2 --stack-name "$name" --yes --endpoint-url "$endpoint")")
  destroy+=("$(time_of "$bin" destroy --stack-name "$name" --yes --endpoint-url "$endpoint")")
done
printf 'deploy stage2 against moto (%s build, %s runs, median ms)\n' "$profile" "$runs"
printf '  create (validate, change set, execute, outputs)  %s\n' "$(printf '%s\n' "${create[@]}" | median)"
printf '  redeploy, no changes                             %s\n' "$(printf '%s\n' "${unchanged[@]}" | median)"
printf '  destroy                                          %s\n' "$(printf '%s\n' "${destroy[@]}" | median)"
