#!/usr/bin/env bash
# One-command local run without Docker: PostgreSQL, Kafka and an S3 server on 127.0.0.1, the API and one
# worker. Data persist in ./.local/ (override with --data DIR, start afresh with --wipe); PostgreSQL is durable
# unless --fast. A worker or API that dies is restarted; children exit when the launcher dies, and the next start
# cleans up after a launcher that died. Ctrl-C stops everything. ./run-local.sh --help lists the options.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

ARTIFACTS=(
  deploy/target/classes/dev/diffusion/deploy/LocalStack.class
  deploy/target/classpath.txt
  deploy/target/s3proxy/s3proxy.jar
  api/target/quarkus-app/quarkus-run.jar
  worker/target/quarkus-app/quarkus-run.jar
)
STAMP=.cache/run-local.build-stamp

needs_build() {
  local artifact
  for artifact in "${ARTIFACTS[@]}"; do
    [[ -f "$artifact" ]] || return 0
  done
  [[ -f "$STAMP" ]] || return 0
  # any pom or source newer than the last build made by this script
  [[ -n "$(find pom.xml common deploy api worker -path '*/target' -prune -o -type f -newer "$STAMP" -print -quit)" ]]
}

if needs_build; then
  echo "Building (./mvnw -B -q -DskipTests install) ..."
  mkdir -p .cache
  touch "$STAMP.next"
  ./mvnw -B -q -DskipTests install
  mv "$STAMP.next" "$STAMP"
fi

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" -Xmx1g -XX:+UseSerialGC \
  -Ddiffusion.s3proxy.jar="$ROOT/deploy/target/s3proxy/s3proxy.jar" \
  -cp "$ROOT/deploy/target/classes:$(cat "$ROOT/deploy/target/classpath.txt")" \
  dev.diffusion.deploy.LocalStack --repo "$ROOT" "$@"
