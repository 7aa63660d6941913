#!/usr/bin/env bash
# On-demand benchmarks; never part of the test suite. Usage:
#   bench/run.sh sampler [cpu|cuda] [rounds]    sampler vs bare session.run (tiny DiT bundle)
set -euo pipefail
cd "$(dirname "$0")/.."
source ./bin/find-java.sh
what=${1:-sampler}; shift || true
profile=()
if [[ "${1:-}" == cuda ]]; then profile=(-Dgpu); fi
./mvnw -q -B "${profile[@]}" -DskipTests -Dspotless.check.skip=true install -pl bench -am >/dev/null
cp=$(./mvnw -q -B "${profile[@]}" -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
case "$what" in
  sampler) main=io.previs.bench.SamplerOverheadBench ;;
  *) echo "unknown benchmark '$what' (sampler)" >&2; exit 2 ;;
esac
exec "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx8g -cp "bench/target/classes:$cp" "$main" "$@"
