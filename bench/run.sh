#!/usr/bin/env bash
# On-demand benchmarks; never part of the test suite. Usage:
#   bench/run.sh sampler [cpu|cuda] [rounds]    sampler vs bare session.run (tiny DiT bundle)
#   bench/run.sh qc [args]                      QC of an 81-frame 1280x720 clip, per detector
#   bench/run.sh postprocess [args]             encode vs ffmpeg CLI, SR per frame, peak heap
#   bench/run.sh auth [requests] [rounds]       API key / JWT / security off, per request
#   bench/run.sh scheduler [seed]               the scheduling policy in a discrete-event simulation
#   bench/run.sh autoscaler [seed]              the autoscaling policy against a KEDA-style lag policy
#   bench/run.sh duty [shards] [steps] [--with-post]  a worker's GPU duty cycle over a backlog (tiny DiT)
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
  qc) main=io.previs.bench.QcBench ;;
  postprocess) main=io.previs.bench.PostprocessBench ;;
  auth) main=io.previs.bench.AuthBench ;;
  scheduler) main=io.previs.bench.SchedulerBench ;;
  autoscaler) main=io.previs.bench.AutoscalerBench ;;
  duty) main=io.previs.bench.DutyCycleBench ;;
  *) echo "unknown benchmark '$what' (sampler, qc, postprocess, auth, scheduler, autoscaler, duty)" >&2; exit 2 ;;
esac
# The classpath goes in CLASSPATH, not -cp: ONNX Runtime crashes a JVM whose command line is long.
export CLASSPATH="bench/target/classes:$cp"
exec "$JAVA" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:--Xmx8g} "$main" "$@"
