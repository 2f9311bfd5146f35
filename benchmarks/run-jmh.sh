#!/usr/bin/env bash
# Runs the JMH benchmarks (benchmarks/jmh) through GflopsReport: GEMM (simd vs naive vs OpenBLAS) and the
# SIMD convolution algorithms, printed as GFLOP/s tables and written as CSV + JSON.
#
#   benchmarks/run-jmh.sh                        # everything, default JMH settings (about 20 minutes)
#   benchmarks/run-jmh.sh --suite gemm --threads 1 --shapes 64x3136x576 -wi 2 -i 3
#   benchmarks/run-jmh.sh --help                 # all options
#
# OpenBLAS runs with its own kernel choice: this machine pins OPENBLAS_CORETYPE=Haswell (and
# OPENBLAS_L2_SIZE) in the environment, which disables its AVX-512 kernels and would flatter Orpheus
# about 1.9x, so both are removed for the benchmark JVM and the forks JMH starts from it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar="$here/jmh/target/benchmarks.jar"

# Build when the jar is missing or older than the module's sources. The benchmarks measure the
# orpheus-backend-simd installed in the local repository: install it first after changing it.
if [[ ! -f "$jar" ]] || [[ -n "$(find "$here/jmh/src/main" "$here/jmh/pom.xml" -newer "$jar" -print -quit)" ]]; then
    echo "building $jar ..." >&2
    (cd "$root" && { ./mvnw -B -q -o install -DskipTests -f benchmarks/jmh/pom.xml \
        || ./mvnw -B -q install -DskipTests -f benchmarks/jmh/pom.xml; })
fi

out="$here/results/gflops-$(date +%Y%m%d-%H%M%S)"
exec env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
    "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow \
    -cp "$jar" io.orpheus.jmh.GflopsReport --out "$out" "$@"
