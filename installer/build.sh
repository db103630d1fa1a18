#!/usr/bin/env bash
# Builds Switchboard's native packages with jpackage: the app with its own Java runtime, JavaFX in that runtime as
# named modules (its supported configuration), an icon, a desktop entry in the menu.
#
#   installer/build.sh              Linux: target/installer/switchboard_VERSION_amd64.deb, and the .rpm where
#                                   rpmbuild exists; Windows: the .msi; macOS: the .dmg
#   installer/build.sh TYPE...      only these: app-image (a folder that runs in place), deb, rpm, msi, exe, dmg, pkg
#
# Needs a JDK 21+ with jpackage (JAVA_HOME; on the team machines /usr/lib/jvm/temurin-25-jdk-amd64) and the built
# jar: target/switchboard.jar and target/javafx/ (made by `mvn -B package -DskipTests` when missing; rebuild after
# a change). jpackage builds for the machine it runs on only, so each platform's package is built there:
#   Linux .deb   needs dpkg-deb and fakeroot (apt-get install fakeroot); .rpm needs rpmbuild (dnf install rpm-build)
#   Windows .msi needs the WiX Toolset (3.x, or 4+/5+ with JDK 24+) on PATH; run this script from Git Bash, with
#                JAVA_HOME a Windows JDK. The .msi installs under C:\Program Files\Switchboard with a Start menu entry.
#   macOS .dmg   needs Xcode's command line tools (xcode-select --install); unsigned unless you add
#                --mac-sign --mac-signing-key-user-name "…" to the jpackage call below (Gatekeeper asks otherwise).
# The JavaFX jars in target/javafx are the build machine's platform (Maven picks them by OS), so build the jar on
# that machine too. Not part of the Maven build or CI: the .deb took 4.5 minutes on a team machine.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "installer: $*"; }
die() { echo "installer: $*" >&2; exit 1; }

JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jpackage="$JAVA_HOME/bin/jpackage"
[ -x "$jpackage" ] || [ -x "$jpackage.exe" ] || die "no jpackage in $JAVA_HOME/bin: set JAVA_HOME to a JDK 21+"
java_major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release")"
[ "${java_major:-0}" -ge 21 ] || die "JAVA_HOME ($JAVA_HOME) is Java ${java_major:-?}; jpackage here needs 21+"

case "$(uname -s)" in
  Linux) os=linux; types=(deb); if command -v rpmbuild >/dev/null; then types+=(rpm); fi ;;
  Darwin) os=mac; types=(dmg) ;;
  MINGW* | MSYS* | CYGWIN*) os=win; types=(msi) ;;
  *) die "unknown platform $(uname -s)" ;;
esac
if [ $# -gt 0 ]; then types=("$@"); fi
for t in "${types[@]}"; do
  case "$t" in
    app-image | deb | rpm | msi | exe | dmg | pkg) ;;
    *) die "unknown package type '$t': app-image, deb, rpm, msi, exe, dmg or pkg" ;;
  esac
done
if [ "$os" = linux ]; then
  for t in "${types[@]}"; do
    if [ "$t" = deb ]; then
      for tool in dpkg-deb fakeroot; do
        command -v "$tool" >/dev/null || die "a .deb needs $tool: apt-get install ${tool/dpkg-deb/dpkg}"
      done
    fi
    if [ "$t" = rpm ]; then command -v rpmbuild >/dev/null || die "an .rpm needs rpmbuild: dnf install rpm-build"; fi
  done
fi

# The project's version (the first <version> in pom.xml); packages take numbers only, so no -SNAPSHOT.
version="$(sed -n 's|^  <version>\([^<]*\)</version>.*|\1|p' pom.xml | head -1)"
app_version="${version%%-*}"
[[ "$app_version" =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || die "pom.xml's version '$version' does not start with N.N.N"

if [ ! -f target/switchboard.jar ] || [ ! -d target/javafx ]; then
  say "no target/switchboard.jar or target/javafx: building them (mvn -B -q package -DskipTests)"
  ${MVN:-mvn} -B -q package -DskipTests
fi

out=target/installer
work=target/installer-work
rm -rf "$out" "$work"
mkdir -p "$out" "$work/input" "$work/javafx"
cp target/switchboard.jar "$work/input/"
cp -r sample-configs "$work/input/"
# JavaFX's modular jars (target/javafx also holds empty placeholder jars without a module-info).
for j in target/javafx/*.jar; do
  if "$JAVA_HOME/bin/jar" tf "$j" | grep -qx module-info.class; then cp "$j" "$work/javafx/"; fi
done
[ -n "$(ls "$work/javafx")" ] || die "no JavaFX modules in target/javafx: rebuild with mvn -B package -DskipTests"

# The runtime: the JDK's modules (below) plus JavaFX. jlink keeps JavaFX's native
# libraries as resources, which JavaFX would copy to ~/.openjfx/cache at every first start; on Linux they go to the
# runtime's lib/ instead (as a JDK's own libraries are, where System.loadLibrary finds them), so the installed app
# writes nothing outside SWITCHBOARD_HOME. --generate-cds-archive: the JDK's class data sharing archive, which a
# jlinked runtime lacks otherwise (a slower JVM start); it needs bin/java, so native commands stay.
jlink_options="--strip-debug --no-man-pages --no-header-files --generate-cds-archive"
if [ "$os" = linux ]; then
  jlink_options+=" --exclude-resources=regex:/javafx\\.graphics/[^/]*\\.so"
fi

# The JDK's modules: what a class-path app resolves by default (every module exporting an API, as `java` does,
# less the developer tools and incubators), and the service providers the full JDK would bind (locales, charsets,
# the zip file system, DNS naming, PKCS#11). jpackage's own default (ALL-DEFAULT) needs the JDK's jmods/, which
# JDK 24+ builds may lack (they link from the run-time image).
cat > "$work/JdkModules.java" <<'JAVA'
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.util.Set;
import java.util.stream.Collectors;

public class JdkModules {
    public static void main(String[] args) {
        Set<String> tools = Set.of("jdk.compiler", "jdk.javadoc", "jdk.jshell", "jdk.jdi", "jdk.jconsole", "jdk.jartool");
        Set<String> providers = Set.of("jdk.localedata", "jdk.charsets", "jdk.zipfs", "jdk.naming.dns",
                "jdk.crypto.cryptoki", "jdk.crypto.ec");
        System.out.println(ModuleFinder.ofSystem().findAll().stream().map(ModuleReference::descriptor)
                .filter(d -> providers.contains(d.name())
                        || d.exports().stream().anyMatch(e -> !e.isQualified()))
                .map(ModuleDescriptor::name)
                .filter(n -> !tools.contains(n) && !n.startsWith("jdk.incubator") && !n.startsWith("javafx."))
                .sorted().collect(Collectors.joining(",")));
    }
}
JAVA
jdk_modules="$("$JAVA_HOME/bin/java" "$work/JdkModules.java")"

java_options=()
while IFS= read -r line; do
  line="${line%%#*}"
  line="${line%"${line##*[![:space:]]}"}"
  if [ -n "$line" ]; then java_options+=(--java-options "$line"); fi
done < installer/java-options
# JDK 23+ warns when JavaFX 21's Marlin renderer uses sun.misc.Unsafe; the option does not exist before 23.
if [ "$java_major" -ge 23 ]; then java_options+=(--java-options --sun-misc-unsafe-memory-access=allow); fi

icon=installer/switchboard.png
case "$os" in
  mac) [ -f installer/switchboard.icns ] && icon=installer/switchboard.icns ;;   # iconutil makes one from the PNG
  win) [ -f installer/switchboard.ico ] && icon=installer/switchboard.ico ;;     # convert switchboard.png ….ico
esac

say "app image: Switchboard $app_version (pom $version), runtime from $JAVA_HOME"
"$jpackage" --type app-image --dest "$work" --name Switchboard --app-version "$app_version" \
  --vendor Switchboard --copyright "Switchboard" --description "Operations console for LLM traffic" \
  --icon "$icon" \
  --input "$work/input" --main-jar switchboard.jar --main-class dev.switchboard.cli.Main \
  --module-path "$work/javafx" --add-modules "$jdk_modules,javafx.controls,javafx.fxml,javafx.swing" \
  --jlink-options "$jlink_options" \
  "${java_options[@]}"

case "$os" in
  linux) image="$work/Switchboard"; runtime_lib="$image/lib/runtime/lib" ;;
  mac) image="$work/Switchboard.app"; runtime_lib="" ;;
  win) image="$work/Switchboard"; runtime_lib="" ;;
esac
if [ -n "$runtime_lib" ]; then
  graphics="$(ls "$PWD/$work"/javafx/javafx-graphics-*.jar)"
  mapfile -t libs < <("$JAVA_HOME/bin/jar" tf "$graphics" | grep '^[^/]*\.so$')
  (cd "$runtime_lib" && "$JAVA_HOME/bin/jar" xf "$graphics" "${libs[@]}")
fi

# An AOT cache (JDK 25+, JEP 483/514/515): the classes the console loads at start, already parsed and linked, and
# their profiles, from one training run (`screenshot`: headless, so no display is needed here, in a home of its
# own); about half the CPU time to live tiles (README, "Launch time"). The JVM checks the cache against the runtime,
# the jar and the options, and runs without it when they differ. With the default GC: JDK 25's cache does not
# link classes ahead of time under ZGC. The Linux image only (the others' paths are untested).
if [ "$os" = linux ] && [ "$java_major" -ge 25 ]; then
  say "training the AOT cache (one headless start of the console)"
  train_home="$(mktemp -d)"
  SWITCHBOARD_HOME="$train_home" JAVA_TOOL_OPTIONS="-XX:AOTCacheOutput=$PWD/$image/lib/app/switchboard.aot" \
    "$image/bin/Switchboard" screenshot --out "$train_home/training.png" > "$work/aot-training.log" 2>&1 \
    || die "the AOT training run failed: see $work/aot-training.log"
  rm -rf "$train_home"
  echo 'java-options=-XX:AOTCache=$APPDIR/switchboard.aot' >> "$image/lib/app/Switchboard.cfg"
  # The JVM takes the cache only for the jar it was trained on, down to its modification time, which packaging
  # does not keep: the .deb's postinst puts it back (installer/linux/postinst).
  jar_mtime="$(stat -c %Y "$image/lib/app/switchboard.jar")"
fi
mkdir -p "$work/resources"
cp installer/linux/* "$work/resources/"
if [ -n "${jar_mtime:-}" ]; then
  sed -i "s/@JAR_MTIME@/$jar_mtime/" "$work/resources/postinst"
else
  sed -i '/@JAR_MTIME@/d' "$work/resources/postinst"
fi

for t in "${types[@]}"; do
  if [ "$t" = app-image ]; then
    cp -a "$image" "$out/"
    say "built $out/$(basename "$image") (run $out/$(basename "$image")/bin/Switchboard)"
    continue
  fi
  extra=()
  case "$t" in
    # The packages' dependencies (GTK 3 among them) come from the libraries in the image (jpackage asks dpkg or rpm
    # which packages hold what they link to). installer/linux/: the .deb's postinst and prerm (see there), the
    # jar's time filled in.
    deb) extra=(--linux-package-name switchboard --linux-shortcut --linux-menu-group "Network;Monitor;"
                --linux-app-category net --linux-deb-maintainer "switchboard@localhost"
                --resource-dir "$work/resources") ;;
    rpm) extra=(--linux-package-name switchboard --linux-shortcut --linux-menu-group "Network;Monitor;"
                --linux-app-category Applications/System --linux-rpm-license-type "Proprietary") ;;
    msi | exe) extra=(--win-menu --win-menu-group Switchboard --win-shortcut --win-dir-chooser
                      --win-upgrade-uuid 6f1c2d3e-8a4b-4c5d-9e6f-7a8b9c0d1e2f) ;;
    dmg | pkg) extra=(--mac-package-name Switchboard) ;;
  esac
  from="$image"
  if [ "$t" = rpm ] && [ -n "${jar_mtime:-}" ]; then
    # No postinst of ours to restore the jar's time in the .rpm: it goes without the AOT cache.
    from="$work/rpm/$(basename "$image")"
    mkdir -p "$work/rpm" && cp -a "$image" "$from"
    rm "$from/lib/app/switchboard.aot" && sed -i '/AOTCache/d' "$from/lib/app/Switchboard.cfg"
  fi
  say "$t package"
  # gzip: dpkg-deb's default (xz) takes minutes over a jar and a runtime that are compressed already.
  DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-gzip}" "$jpackage" --type "$t" --dest "$out" --app-image "$from" --name Switchboard --app-version "$app_version" \
    --vendor Switchboard --copyright "Switchboard" --description "Operations console for LLM traffic" \
    --icon "$icon" "${extra[@]}"
done
say "built: $(cd "$out" && ls | tr '\n' ' ')"
