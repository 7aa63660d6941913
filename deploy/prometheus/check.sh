#!/usr/bin/env bash
# Checks previs-alerts.yaml with promtool, which reads plain rule files, not PrometheusRules: the
# rule groups (.spec) are extracted into a temporary previs-alerts.rules.yaml, the unit tests in
# tests/ are copied next to it (their rule_files name it by that relative path), and then
# `promtool check rules` and `promtool test rules` run there. MonitoringAssetsTest does the same in
# the build. Needs promtool (Debian: prometheus) and python3 with PyYAML (Debian: python3-yaml).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v promtool >/dev/null 2>&1 || { echo "promtool not found (Debian: apt-get install prometheus)" >&2; exit 2; }
python3 -c 'import yaml' 2>/dev/null || { echo "python3 with PyYAML needed (Debian: python3-yaml)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$here/previs-alerts.yaml" "$work/previs-alerts.rules.yaml" <<'EOF'
import sys, yaml
with open(sys.argv[1]) as f:
    rule = yaml.safe_load(f)
assert rule["kind"] == "PrometheusRule", "not a PrometheusRule: " + sys.argv[1]
with open(sys.argv[2], "w") as f:
    yaml.safe_dump({"groups": rule["spec"]["groups"]}, f, sort_keys=False)
EOF
tests=()
for t in "$here"/tests/*.yaml; do
  cp "$t" "$work/"
  tests+=("$work/$(basename "$t")")
done
promtool check rules "$work/previs-alerts.rules.yaml"
promtool test rules "${tests[@]}"
