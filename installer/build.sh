#!/usr/bin/env bash
# Builds a self-contained Switchboard app image (its own Java runtime, no JDK needed on the target) with jpackage.
#   installer/build.sh [app-image|deb]      -> target/installer/
# Needs JDK 21+ (jpackage ships with it); a .deb also needs dpkg-deb and fakeroot.
set -euo pipefail
cd "$(dirname "$0")/.."
type="${1:-app-image}"
: "${JAVA_HOME:?set JAVA_HOME to a JDK 21+}"
[ -f target/switchboard.jar ] || mvn -B -q package -DskipTests
rm -rf target/installer target/installer-input
mkdir -p target/installer-input
cp target/switchboard.jar target/installer-input/
cp -r sample-configs target/installer-input/
"$JAVA_HOME/bin/jpackage" --type "$type" --name switchboard --app-version 0.1.0 \
  --vendor "Switchboard" --description "Operations console for LLM traffic" \
  --input target/installer-input --main-jar switchboard.jar --main-class dev.switchboard.cli.Main \
  --java-options "-XX:+UseZGC" --dest target/installer
echo "built: $(ls target/installer)"
