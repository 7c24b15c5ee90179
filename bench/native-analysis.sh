#!/usr/bin/env bash
# Runs the GraalVM native-image build of Cartographer as far as this machine allows: the points-to
# analysis, universe building, compilation, and the relocatable object file. It catches what the
# JVM build never shows: classes initialised at build time that must not be, objects that cannot
# live in the image heap, unsupported features. It cannot link an executable (see below), so what
# fails only when a native executable runs (a missing reflection registration) is out of its reach;
# a heuristic check of Quarkus' reflection registrations for Jackson stands in for that part.
#
#   bench/native-analysis.sh
#
# 1. Builds Quarkus' native sources (`package -Dnative -Dquarkus.native.sources-only=true`):
#    target/native-sources/native-image.args plus the runner jar and lib/. The build runs in a copy
#    of the work tree (without target/, .git and bench/results) under NATIVE_WORK, so it neither
#    clobbers nor picks up anyone's target/ in the repository. SKIP_BUILD=1 reuses NATIVE_SOURCES
#    (default: the copy's, else ./target/native-sources); IN_PLACE=1 builds in the repository.
# 2. Fetches the image builder from Maven Central, org.graalvm.nativeimage:svm:$NATIVE_BUILDER_VERSION
#    with its dependencies (compiler, pointsto, objectfile, native-image-base, nativeimage, word,
#    collections, truffle-compiler, ...), with ./mvnw dependency:copy-dependencies on a throwaway
#    pom in NATIVE_CACHE/<version>/ (once).
# 3. Runs the builder the way the `native-image` launcher would (the launcher itself is a native
#    binary of a GraalVM distribution and is not on Maven Central): the builder modules on
#    --module-path, the Graal compiler on --upgrade-module-path, JVMCI enabled, the JDK's internal
#    packages exported to the builder, `--module org.graalvm.nativeimage.builder/
#    com.oracle.svm.hosted.NativeImageGeneratorRunner --image-args-file=...`. The launcher's
#    argument handling is redone by a helper (embedded below, compiled once into NATIVE_CACHE):
#    `--foo=bar` options are translated by reading the builder's own @APIOption declarations;
#    -J/-D/-H options, `-jar` (Main-Class, Class-Path, Add-Opens), `--exclude-config` and every
#    jar's META-INF/native-image (native-image.properties Args, *-config.json) as the launcher does.
#    The build stops after the relocatable object (-H:+ExitAfterRelocatableImageWrite): linking
#    needs the static JDK libraries (libjava.a, ...) and GraalVM's C libraries, which neither the
#    Temurin JDK nor Maven Central have. Three stand-ins, made once in NATIVE_CACHE: a hard-linked
#    copy of the JDK (the builder looks for its files under java.home) with a small terminal/RSS
#    helper library the builder loads from there, and four C headers of GraalVM's libchelper
#    written from the builder's own @CStruct/@CConstant declarations (layouts need only be
#    self-consistent for a build that is never linked).
# 4. Writes the whole log to RESULTS/<UTC timestamp>.log and a summary to RESULTS/latest.md, and
#    prints "reached: <stage>".
#
# Exit status: 0 = the analysis passed and the build reached the object file (or stopped only at
# linking/toolchain); 1 = the build failed in or before the points-to analysis; 2 = it failed after
# the analysis for another reason; 3 = setup failed (native sources, Maven, helper).
#
# Environment: NATIVE_BUILDER_VERSION (25.0.2; Quarkus 3.33's native sources are written for a
# GraalVM 25 builder, which needs Java 25), NATIVE_JDK (/usr/lib/jvm/temurin-25-jdk-amd64),
# NATIVE_XMX (builder heap, 7g), NATIVE_TIMEOUT (per step, 25m), EXTRA_NATIVE_ARGS (more
# native-image options, e.g. "--initialize-at-run-time=a.B,c.D" to look past a first error),
# SKIP_BUILD, NATIVE_SOURCES, IN_PLACE, NATIVE_CACHE (~/.cache/cartographer-native), NATIVE_WORK
# (${TMPDIR:-/tmp}/cartographer-native-analysis), RESULTS (bench/results/native-analysis),
# CPU_LOCK (/tmp/cartographer-cpu.lock: every Maven run and the builder hold `flock` on it, so they
# never run beside another build on the 2-core machine). Needs gcc (the builder compiles its C
# queries) and network access to Maven Central for the first run of a builder version.
set -euo pipefail
SCRIPT="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/.."
ROOT="$PWD"

VERSION="${NATIVE_BUILDER_VERSION:-25.0.2}"
JDK="${NATIVE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
XMX="${NATIVE_XMX:-7g}"
TIMEOUT="${NATIVE_TIMEOUT:-25m}"
EXTRA_NATIVE_ARGS="${EXTRA_NATIVE_ARGS:-}"
SKIP_BUILD="${SKIP_BUILD:-0}"
IN_PLACE="${IN_PLACE:-0}"
CACHE="${NATIVE_CACHE:-$HOME/.cache/cartographer-native}"
WORK="${NATIVE_WORK:-${TMPDIR:-/tmp}/cartographer-native-analysis}"
RESULTS="${RESULTS:-bench/results/native-analysis}"
LOCK="${CPU_LOCK:-/tmp/cartographer-cpu.lock}"
VENDOR_VERSION="${NATIVE_VENDOR_VERSION:-GraalVM CE $VERSION+1.1}"

mkdir -p "$RESULTS" "$CACHE" "$WORK"
RESULTS="$(cd "$RESULTS" && pwd)"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
LOG="$RESULTS/$stamp.log"
exec > >(tee "$LOG") 2>&1

STEP="start"
summary_done=0
declare -A took=()
# shellcheck disable=SC2317 # run by the EXIT trap
on_exit() {
  if [ "$summary_done" = 1 ]; then
    return
  fi
  sleep 1
  {
    echo "# Native-image analysis of Cartographer"
    echo
    echo "Written by \`bench/native-analysis.sh\` on $(date -u +%Y-%m-%dT%H:%M:%SZ) (full log: \`${LOG#"$ROOT"/}\`)."
    echo
    echo "**reached: stopped during \"$STEP\" (setup failed or the script was interrupted); no analysis result**"
    echo
    echo "Last lines of the log:"
    echo
    echo '```'
    tail -n 40 "$LOG" || true
    echo '```'
  } > "$RESULTS/latest.md"
  echo "reached: stopped during \"$STEP\" (no analysis result)"
  exit 3
}
trap on_exit EXIT

step() {
  STEP="$1"
  echo
  echo "==> $1"
}

# Runs "$@" holding the CPU lock and records how long it waited for it in $WORK/lock-wait.
locked() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  flock "$LOCK" bash -c 'w=$(( $(date +%s) - $1 )); echo "$w" >> "$2"; [ "$w" -lt 2 ] || echo "(waited ${w}s for the CPU lock)"; shift 2; exec "$@"' \
    _ "$(date +%s)" "$WORK/lock-wait" "$@"
}
: > "$WORK/lock-wait"

phase_start=$SECONDS
finish_phase() {
  took[$1]=$((SECONDS - phase_start))
  phase_start=$SECONDS
}

# ---- 0. tools ----------------------------------------------------------------------------------
step "checking tools"
[ -x "$JDK/bin/java" ] || { echo "no JDK at $JDK (set NATIVE_JDK)"; exit 3; }
command -v gcc >/dev/null || { echo "the builder needs a C compiler (gcc) for its C-interface queries"; exit 3; }
command -v flock >/dev/null || { echo "flock (util-linux) is missing"; exit 3; }
"$JDK/bin/java" -version
gcc --version | head -n 1
echo "builder: org.graalvm.nativeimage:svm:$VERSION"

# ---- 1. native sources ---------------------------------------------------------------------------
if [ "$SKIP_BUILD" = 1 ]; then
  step "reusing native sources"
  if [ -n "${NATIVE_SOURCES:-}" ]; then
    NS="$NATIVE_SOURCES"
  elif [ -f "$WORK/src/target/native-sources/native-image.args" ]; then
    NS="$WORK/src/target/native-sources"
  else
    NS="$ROOT/target/native-sources"
  fi
else
  if [ "$IN_PLACE" = 1 ]; then
    step "building the native sources in the repository"
    SRC="$ROOT"
  else
    step "building the native sources in a copy of the work tree ($WORK/src)"
    SRC="$WORK/src"
    rm -rf "$SRC"
    mkdir -p "$SRC"
    tar -C "$ROOT" --exclude=./target --exclude=./.git --exclude=./bench/results -cf - . | tar -C "$SRC" -xf -
  fi
  (cd "$SRC" && locked timeout --kill-after=30s "$TIMEOUT" ./mvnw -B -ntp -q package -Dnative -Dquarkus.native.sources-only=true -DskipTests)
  NS="$SRC/target/native-sources"
fi
NS="$(cd "$NS" && pwd)"
[ -f "$NS/native-image.args" ] || { echo "no native-image.args in $NS"; exit 3; }
echo "native sources: $NS"
echo "Quarkus writes them for GraalVM $(cat "$NS/graalvm.version" 2>/dev/null || echo '?')"
finish_phase build

# ---- 2. the builder jars -----------------------------------------------------------------------
step "fetching the image builder $VERSION from Maven Central"
BDIR="$CACHE/$VERSION"
JARS="$BDIR/jars"
if [ ! -f "$BDIR/.complete" ]; then
  rm -rf "$JARS"
  mkdir -p "$BDIR"
  cat > "$BDIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.cartographer</groupId>
  <artifactId>native-image-builder-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <!-- Throwaway pom of bench/native-analysis.sh: resolves the GraalVM image builder. -->
  <dependencies>
    <dependency>
      <groupId>org.graalvm.nativeimage</groupId>
      <artifactId>svm</artifactId>
      <version>$VERSION</version>
    </dependency>
  </dependencies>
</project>
POM
  locked timeout --kill-after=30s "$TIMEOUT" ./mvnw -B -ntp -q -f "$BDIR/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$JARS"
  touch "$BDIR/.complete"
fi
ls "$JARS"
UPGRADE="$JARS/compiler-$VERSION.jar"
if [ ! -f "$UPGRADE" ] || [ ! -f "$JARS/svm-$VERSION.jar" ]; then
  echo "svm or compiler jar missing in $JARS"
  exit 3
fi
MP="$(find "$JARS" -name '*.jar' ! -name "compiler-$VERSION.jar" | sort | paste -sd:)"
finish_phase fetch

# ---- 3. stand-ins and the helper -----------------------------------------------------------------
step "preparing the JDK home, stand-ins and the launcher helper"
jdk_real="$(readlink -f "$JDK")"
JH="$CACHE/jdk-home-$(basename "$jdk_real")"
if [ ! -f "$JH/.complete" ] || ! cmp -s "$JH/release" "$jdk_real/release"; then
  rm -rf "$JH"
  cp -al "$jdk_real" "$JH" 2>/dev/null || { rm -rf "$JH"; cp -a "$jdk_real" "$JH"; }
  mkdir -p "$JH/lib/svm/builder/lib" "$JH/lib/svm/clibraries/linux-amd64/glibc"
  cat > "$JH/lib/svm/builder/lib/reporterchelper.c" <<'C'
/* The builder's progress reporter asks a helper library for the terminal width and its peak RSS;
 * GraalVM ships it in lib/svm/builder/lib, Maven Central does not. Stand-in of
 * bench/native-analysis.sh. */
#include <jni.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

JNIEXPORT jlong JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getPeakRSS0(JNIEnv *env, jclass c) {
  struct rusage u;
  return getrusage(RUSAGE_SELF, &u) == 0 ? (jlong) u.ru_maxrss * 1024 : -1;
}

JNIEXPORT jint JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getTerminalWindowColumns0(JNIEnv *env, jclass c) {
  struct winsize w;
  return ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0 ? w.ws_col : 120;
}
C
  gcc -shared -fPIC -O2 -I"$JH/include" -I"$JH/include/linux" -o "$JH/lib/svm/builder/lib/libreporterchelper.so" "$JH/lib/svm/builder/lib/reporterchelper.c"
  touch "$JH/.complete"
fi
CLIB="$JH/lib/svm/clibraries/linux-amd64"

HELPER_SRC="$WORK/NativeAnalysisHelper.java"
sed -n "/^: <<'__HELPER__'\$/,/^__HELPER__\$/p" "$SCRIPT" | sed '1d;$d' > "$HELPER_SRC"
HELPER="$CACHE/helper/$(sha256sum "$HELPER_SRC" | cut -c1-16)"
if [ ! -f "$HELPER/NativeAnalysisHelper.class" ]; then
  rm -rf "$HELPER"
  mkdir -p "$HELPER"
  "$JDK/bin/javac" -nowarn -d "$HELPER" "$HELPER_SRC"
fi

RUN="$WORK/run"
rm -rf "$RUN"
mkdir -p "$RUN/out" "$RUN/tmp"
"$JDK/bin/java" -cp "$HELPER" NativeAnalysisHelper exports "$MP" "$UPGRADE" org.graalvm.nativeimage.builder "$RUN/exports.args" "$RUN/modules.txt"
# The helper reads the builder's declarations by reflection: open all builder packages to it.
for jar in "$JARS"/*.jar; do
  "$JDK/bin/jar" --describe-module --file "$jar" | awk 'NR == 1 { m = $1 }
    $1 == "contains" || $1 == "exports" { print "--add-opens=" m "/" $2 "=ALL-UNNAMED" }
    $1 == "qualified" && $2 == "exports" { print "--add-opens=" m "/" $3 "=ALL-UNNAMED" }'
done | sort -u > "$RUN/helper-opens.args"
helper_on_builder() {
  "$JDK/bin/java" -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path "$UPGRADE" --module-path "$MP" \
    --add-modules org.graalvm.nativeimage.builder @"$RUN/exports.args" @"$RUN/helper-opens.args" -cp "$HELPER" NativeAnalysisHelper "$@"
}
helper_on_builder headers "$JARS/svm-$VERSION.jar" "$CLIB"
read -r -a extra <<< "$EXTRA_NATIVE_ARGS"
helper_on_builder translate "$NS/native-image.args" "$NS" "$RUN/out" "$RUN/builder.args" "$RUN/image-jvm.args" "$RUN/imagecp.txt" "${extra[@]}"
printf '\0%s' "-H:CLibraryPath=$CLIB/glibc,$CLIB,$JH/lib/svm/clibraries" \
  "-H:ImageBuildID=$(cat /proc/sys/kernel/random/uuid)" \
  "-H:+UnlockExperimentalVMOptions" "-H:+ExitAfterRelocatableImageWrite" "-H:TempDirectory=$RUN/tmp" "-H:-UnlockExperimentalVMOptions" \
  >> "$RUN/builder.args"
{
  cat <<ARGS
-XX:+UseParallelGC
-XX:+UnlockExperimentalVMOptions
-XX:+EnableJVMCI
-XX:-UseJVMCICompiler
-Xss10m
-Xmx$XMX
-Djava.awt.headless=true
-Dorg.graalvm.version=$VERSION
"-Dorg.graalvm.vendorversion=$VENDOR_VERSION"
-Dcom.oracle.graalvm.isaot=true
-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader
-Dorg.graalvm.nativeimage.imagecode=buildtime
-Dsubstratevm.HostLibC=glibc
-Xshare:off
-Djdk.internal.lambda.disableEagerInitialization=true
-Djdk.internal.lambda.eagerlyInitialize=false
-Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false
-Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1
-Djava.lang.invoke.MethodHandle.PROFILE_GWT=false
ARGS
  cat "$RUN/image-jvm.args"
  echo "--enable-native-access=$(cat "$RUN/modules.txt")"
  echo "--upgrade-module-path"
  echo "$UPGRADE"
  echo "--module-path"
  echo "$MP"
  echo "--add-modules=ALL-DEFAULT"
  cat "$RUN/exports.args"
  echo "--module"
  echo "org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner"
} > "$RUN/builder-jvm.args"
echo "builder JVM arguments: $RUN/builder-jvm.args; builder arguments (NUL-separated): $RUN/builder.args"
finish_phase prepare

# ---- 4. the image builder ----------------------------------------------------------------------
step "builder: native-image analysis and compilation (timeout $TIMEOUT, heap $XMX)"
STEP="builder"
rc=0
(
  cd "$RUN/out"
  unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS CLASSPATH
  export USE_NATIVE_IMAGE_JAVA_PLATFORM_MODULE_SYSTEM=true
  locked timeout --kill-after=30s "$TIMEOUT" "$JH/bin/java" @"$RUN/builder-jvm.args" --image-args-file="$RUN/builder.args"
) || rc=$?
echo "builder exit status: $rc"
finish_phase builder

# ---- 5. summary ----------------------------------------------------------------------------------
step "summary"
"$JDK/bin/java" -cp "$HELPER" NativeAnalysisHelper records "$RUN/imagecp.txt" > "$RUN/records.txt" 2>&1 || echo "(reflection heuristic failed, see $RUN/records.txt)"
stats="$(find "$RUN/out" -maxdepth 1 -name '*build-output-stats.json' | head -n 1)"
object="$(find "$RUN/tmp" -name '*.o' | head -n 1)"
quarkus="$(find "$NS/lib" -name 'io.quarkus.quarkus-core-*.jar' | head -n 1 | sed 's/.*quarkus-core-\(.*\)\.jar/\1/')"
jdk_line="$("$JDK/bin/java" -version 2>&1 | sed -n 2p)"
lock_wait="$(awk '{ s += $1 } END { print s + 0 }' "$WORK/lock-wait")"
sleep 1
status=0
"$JDK/bin/java" -cp "$HELPER" NativeAnalysisHelper summary "$LOG" "$rc" "${stats:--}" "${object:--}" "$RESULTS/latest.md" \
  "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" "log=${LOG#"$ROOT"/}" \
  "builder=org.graalvm.nativeimage:svm:$VERSION and its dependencies from Maven Central, run in-process on the JDK below" \
  "jdk=$jdk_line ($JDK)" "quarkus=$quarkus" "quarkus expects GraalVM=$(cat "$NS/graalvm.version" 2>/dev/null || echo '?')" \
  "native sources=$NS" "extra args=${EXTRA_NATIVE_ARGS:-none}" "builder exit=$rc" \
  "run time=$SECONDS s in all: native sources ${took[build]} s, builder jars ${took[fetch]} s, preparation ${took[prepare]} s, image builder ${took[builder]} s; of these, ${lock_wait} s waiting for the CPU lock" \
  "records-file=$RUN/records.txt" || status=$?
summary_done=1
echo "summary: ${RESULTS#"$ROOT"/}/latest.md; log: ${LOG#"$ROOT"/}; total ${SECONDS}s"
exit "$status"

# The helper's source (a quoted here-document, never run by bash); the script compiles it into
# NATIVE_CACHE/helper, keyed by its hash.
# shellcheck disable=SC2317
: <<'__HELPER__'
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

/**
 * Helper of bench/native-analysis.sh: does the parts of the `native-image` launcher that the
 * GraalVM builder jars on Maven Central do not include, plus the summary. Modes:
 *
 * <pre>
 *   exports   MODULE_PATH UPGRADE_PATH ROOT EXPORTS_OUT MODULES_OUT
 *   headers   SVM_JAR CLIBRARY_DIR
 *   translate ARGFILE WORKDIR OUTDIR BUILDER_ARGS_OUT JVM_ARGS_OUT CP_OUT [EXTRA_ARG...]
 *   records   CP_FILE
 *   summary   LOG BUILDER_RC STATS_JSON_OR_- OBJECT_FILE_OR_- SUMMARY_OUT [KEY=VALUE...]
 * </pre>
 *
 * `headers` and `translate` must run on the builder's module path with its packages opened to
 * ALL-UNNAMED: they read the builder's own option descriptors and C-interface declarations.
 */
public class NativeAnalysisHelper {

    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "exports" -> exports(a[1], a[2], a[3], Path.of(a[4]), Path.of(a[5]));
            case "headers" -> headers(Path.of(a[1]), Path.of(a[2]));
            case "translate" -> Translate.run(Arrays.copyOfRange(a, 1, a.length));
            case "records" -> records(Path.of(a[1]));
            case "summary" -> System.exit(Summary.run(Arrays.copyOfRange(a, 1, a.length)));
            default -> throw new IllegalArgumentException("unknown mode " + a[0]);
        }
    }

    /* ------------------------------------------------------------------------------------------
     * exports: the builder needs the JDK's internal packages (JVMCI and many java.base ones). The
     * real launcher passes an --add-exports list computed at GraalVM build time; we export every
     * concealed package of every module of the builder's boot layer to the builder's modules.
     */
    static void exports(String mp, String upgrade, String root, Path exportsOut, Path modulesOut) throws IOException {
        Path[] paths = Arrays.stream((upgrade + File.pathSeparator + mp).split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of).toArray(Path[]::new);
        ModuleFinder builder = ModuleFinder.of(paths);
        ModuleFinder system = ModuleFinder.ofSystem();
        Set<String> roots = new TreeSet<>();
        roots.add(root);
        for (ModuleReference r : system.findAll()) {
            if (r.descriptor().exports().stream().anyMatch(e -> !e.isQualified())) {
                roots.add(r.descriptor().name()); // --add-modules=ALL-DEFAULT
            }
        }
        Configuration cf = Configuration.empty().resolve(builder, system, roots);
        Set<String> builderModules = builder.findAll().stream().map(r -> r.descriptor().name()).collect(Collectors.toCollection(TreeSet::new));
        String targets = cf.modules().stream().map(ResolvedModule::name).filter(builderModules::contains).sorted().collect(Collectors.joining(","));
        List<String> lines = new ArrayList<>();
        for (ResolvedModule rm : cf.modules()) {
            ModuleDescriptor d = rm.reference().descriptor();
            if (builderModules.contains(d.name())) {
                continue;
            }
            Set<String> open = d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
            for (String p : new TreeSet<>(d.packages())) {
                if (!open.contains(p)) {
                    lines.add("--add-exports=" + d.name() + "/" + p + "=" + targets);
                }
            }
        }
        Collections.sort(lines);
        Files.write(exportsOut, lines);
        Files.writeString(modulesOut, targets + "\n");
    }

    /* ------------------------------------------------------------------------------------------
     * headers: the builder compiles small C programs to learn the layout of the C structures it
     * declares. Four of them come from GraalVM's own libchelper sources, which Maven Central does
     * not ship. We write stand-ins from the builder's @CStruct/@CField/@CConstant declarations.
     * The layouts only have to be self-consistent for analysis and compilation; the object file
     * is never linked against the real libchelper.
     */
    static final String[][] PROJECT_HEADERS = {
                    {"amd64cpufeatures.h", "com.oracle.svm.core.amd64.AMD64LibCHelper$CPUFeatures"},
                    {"aarch64cpufeatures.h", "com.oracle.svm.core.aarch64.AArch64LibCHelper$CPUFeatures"},
                    {"riscv64cpufeatures.h", "com.oracle.svm.core.riscv64.RISCV64LibCHelper$CPUFeatures"},
                    {"svm_locale.h", "com.oracle.svm.core.c.locale.LocaleCHelper$LocaleProps", "com.oracle.svm.core.c.locale.LocaleCHelper"},
    };

    @SuppressWarnings("unchecked")
    static void headers(Path svmJar, Path clibDir) throws Exception {
        ClassLoader loader = ModuleLayer.boot().findLoader("org.graalvm.nativeimage.builder");
        Class<? extends Annotation> cStruct = (Class<? extends Annotation>) Class.forName("org.graalvm.nativeimage.c.struct.CStruct", false, loader);
        Class<? extends Annotation> cField = (Class<? extends Annotation>) Class.forName("org.graalvm.nativeimage.c.struct.CField", false, loader);
        Class<? extends Annotation> cConstant = (Class<? extends Annotation>) Class.forName("org.graalvm.nativeimage.c.constant.CConstant", false, loader);
        Path include = clibDir.resolve("include");
        Files.createDirectories(include);
        for (String[] h : PROJECT_HEADERS) {
            StringBuilder sb = new StringBuilder();
            sb.append("/* Stand-in written by bench/native-analysis.sh from the builder's C-interface declarations */\n");
            sb.append("#include <stdint.h>\n");
            int constant = 0;
            for (int i = 1; i < h.length; i++) {
                Class<?> c;
                try {
                    c = Class.forName(h[i], false, loader);
                } catch (ClassNotFoundException e) {
                    System.out.println("note: " + h[i] + " not in this builder; " + h[0] + " left without it");
                    continue;
                }
                Annotation s = c.getAnnotation(cStruct);
                if (s != null) {
                    String name = (String) value(s, "value");
                    sb.append("typedef struct {\n");
                    Set<String> seen = new HashSet<>();
                    for (Method m : c.getDeclaredMethods()) {
                        Annotation f = m.getAnnotation(cField);
                        if (f == null || m.getParameterCount() != 0) {
                            continue;
                        }
                        String field = (String) value(f, "value");
                        field = field.isEmpty() ? m.getName() : field;
                        if (seen.add(field)) {
                            sb.append("  ").append(cType(m.getReturnType())).append(' ').append(field).append(";\n");
                        }
                    }
                    sb.append("} ").append(name.isEmpty() ? c.getSimpleName() : name).append(";\n");
                }
                for (Method m : c.getDeclaredMethods()) {
                    Annotation k = m.getAnnotation(cConstant);
                    if (k != null) {
                        String name = (String) value(k, "value");
                        sb.append("#define ").append(name.isEmpty() ? m.getName() : name).append(' ').append(constant++).append('\n');
                    }
                }
            }
            Files.writeString(include.resolve(h[0]), sb.toString());
        }
    }

    static String cType(Class<?> t) {
        if (t == boolean.class || t == byte.class) {
            return "uint8_t";
        } else if (t == short.class || t == char.class) {
            return "uint16_t";
        } else if (t == int.class || t == float.class) {
            return t == int.class ? "int32_t" : "float";
        } else if (t == long.class || t == double.class) {
            return t == long.class ? "int64_t" : "double";
        } else if (t.getSimpleName().equals("CCharPointer")) {
            return "char *";
        }
        return "void *";
    }

    static Object value(Annotation a, String m) throws Exception {
        Method method = a.annotationType().getMethod(m);
        method.setAccessible(true);
        return method.invoke(a);
    }

    /* ------------------------------------------------------------------------------------------
     * records: a heuristic the analysis cannot do. Jackson reads and writes records by reflection;
     * a record that Quarkus did not register (REST types, @RegisterForReflection) works on the JVM
     * and fails only at run time of a native image. Lists the application's records missing from
     * the reflection configuration Quarkus generated.
     */
    static void records(Path cpFile) throws Exception {
        List<Path> cp = Arrays.stream(Files.readString(cpFile).trim().split(File.pathSeparator)).map(Path::of).toList();
        Path runner = cp.get(0);
        Set<String> registered = new TreeSet<>();
        Pattern name = Pattern.compile("\"(?:name|type)\"\\s*:\\s*\"([^\"]+)\"");
        List<String> appClasses = new ArrayList<>();
        try (ZipFile zf = new ZipFile(runner.toFile())) {
            for (String res : new String[]{"META-INF/native-image/reflect-config.json", "META-INF/native-image/reachability-metadata.json"}) {
                var e = zf.getEntry(res);
                if (e != null) {
                    try (InputStream in = zf.getInputStream(e)) {
                        Matcher m = name.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        while (m.find()) {
                            registered.add(m.group(1));
                        }
                    }
                }
            }
            zf.stream().map(java.util.zip.ZipEntry::getName).filter(n -> n.startsWith("io/cartographer/") && n.endsWith(".class")).forEach(n -> appClasses.add(n.substring(0, n.length() - 6).replace('/', '.')));
        }
        URL[] urls = new URL[cp.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = cp.get(i).toUri().toURL();
        }
        List<String> missing = new ArrayList<>();
        Map<String, String> gaps = new TreeMap<>();
        int records = 0;
        try (URLClassLoader l = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            for (String n : appClasses) {
                try {
                    Class<?> c = Class.forName(n, false, l);
                    if (c.isRecord()) {
                        records++;
                        if (!registered.contains(n)) {
                            missing.add(n);
                        }
                    }
                } catch (Throwable t) {
                    // not loadable on its own: skip
                }
            }
            /* types Jackson reaches from a registered record's components (transitively) */
            Deque<Class<?>> work = new ArrayDeque<>();
            Set<Class<?>> seen = new HashSet<>();
            for (String n : registered) {
                if (n.startsWith("io.cartographer.")) {
                    try {
                        work.add(Class.forName(n, false, l));
                    } catch (Throwable t) {
                        // generated or not loadable: skip
                    }
                }
            }
            while (!work.isEmpty()) {
                Class<?> c = work.poll();
                if (!seen.add(c)) {
                    continue;
                }
                List<java.lang.reflect.Type> types = new ArrayList<>();
                List<String> where = new ArrayList<>();
                try {
                    if (c.isRecord()) {
                        for (var rc : c.getRecordComponents()) {
                            types.add(rc.getGenericType());
                            where.add(c.getName() + "." + rc.getName());
                        }
                    }
                } catch (Throwable t) {
                    continue;
                }
                for (int i = 0; i < types.size(); i++) {
                    for (Class<?> t : rawTypes(types.get(i))) {
                        if (t.getName().startsWith("io.cartographer.") && !seen.contains(t)) {
                            if (!registered.contains(t.getName()) && (t.isRecord() || t.isEnum())) {
                                gaps.putIfAbsent(t.getName(), (t.isEnum() ? "enum " : "record ") + where.get(i) + jacksonAnnotated(t));
                            }
                            work.add(t);
                        }
                    }
                }
            }
        }
        System.out.println("records=" + records);
        System.out.println("registered=" + registered.stream().filter(s -> s.startsWith("io.cartographer.")).count());
        gaps.forEach((t, w) -> System.out.println("gap " + t + " " + w));
        missing.stream().filter(m -> !gaps.containsKey(m)).forEach(m -> System.out.println("missing " + m));
    }

    /** " @JsonValue"-style list of the Jackson annotations on a type's own members, or "". */
    static String jacksonAnnotated(Class<?> c) {
        Set<String> found = new TreeSet<>();
        try {
            List<java.lang.reflect.AnnotatedElement> members = new ArrayList<>(List.of(c.getDeclaredMethods()));
            members.addAll(List.of(c.getDeclaredFields()));
            members.addAll(List.of(c.getDeclaredConstructors()));
            for (var m : members) {
                for (Annotation an : m.getAnnotations()) {
                    if (an.annotationType().getName().startsWith("com.fasterxml.jackson.annotation.")) {
                        found.add("@" + an.annotationType().getSimpleName());
                    }
                }
            }
        } catch (Throwable t) {
            return "";
        }
        return found.isEmpty() ? "" : " " + String.join(",", found);
    }

    static List<Class<?>> rawTypes(java.lang.reflect.Type t) {
        List<Class<?>> out = new ArrayList<>();
        if (t instanceof Class<?> c) {
            out.add(c.isArray() ? c.getComponentType() : c);
        } else if (t instanceof java.lang.reflect.ParameterizedType p) {
            out.addAll(rawTypes(p.getRawType()));
            for (var arg : p.getActualTypeArguments()) {
                out.addAll(rawTypes(arg));
            }
        } else if (t instanceof java.lang.reflect.GenericArrayType g) {
            out.addAll(rawTypes(g.getGenericComponentType()));
        } else if (t instanceof java.lang.reflect.WildcardType w) {
            for (var b : w.getUpperBounds()) {
                out.addAll(rawTypes(b));
            }
        }
        return out;
    }

    /* ------------------------------------------------------------------------------------------ */
    static final class Translate {
        record Api(String builderOption, boolean isBoolean, char[] seps, String defaultValue, List<Function<Object, Object>> transformers) {
        }

        static final List<Map.Entry<String, Api>> apis = new ArrayList<>();
        static final Set<String> hostedNames = new HashSet<>();
        static final List<String> builderArgs = new ArrayList<>();
        static final List<String> jvmArgs = new ArrayList<>();
        static final LinkedHashSet<Path> imageCp = new LinkedHashSet<>();
        static final List<Pattern[]> excludes = new ArrayList<>();
        static final List<String> leftovers = new ArrayList<>();
        static Path workDir;
        static boolean jarMode;

        /* META-INF/native-image/** files and the builder options the launcher turns them into. */
        static final String[][] META_INF_TYPES = {
                        {"reachability-metadata.json", "ReachabilityMetadataResources"},
                        {"jni-config.json", "JNIConfigurationResources"},
                        {"foreign-config.json", "ForeignResources"},
                        {"reflect-config.json", "ReflectionConfigurationResources"},
                        {"resource-config.json", "ResourceConfigurationResources"},
                        {"proxy-config.json", "DynamicProxyConfigurationResources"},
                        {"serialization-config.json", "SerializationConfigurationResources"},
                        {"serialization-deny-config.json", "SerializationDenyConfigurationResources"},
                        {"predefined-classes-config.json", "PredefinedClassesConfigurationResources"},
        };

        static void run(String[] a) throws Exception {
            Path argFile = Path.of(a[0]);
            workDir = Path.of(a[1]).toAbsolutePath();
            Path outDir = Path.of(a[2]).toAbsolutePath();
            loadApiOptions();
            process(new ArrayDeque<>(readArgFile(argFile)), false, "argument file " + argFile);
            if (a.length > 6) {
                process(new ArrayDeque<>(Arrays.asList(a).subList(6, a.length)), true, "EXTRA_NATIVE_ARGS");
            }
            if (jarMode && !leftovers.isEmpty()) {
                builderArgs.add("-H:Name=" + leftovers.remove(0));
            }
            if (!leftovers.isEmpty()) {
                throw new IllegalArgumentException("unrecognised native-image arguments: " + leftovers);
            }
            builderArgs.add(0, "-H:Path=" + outDir);
            String cp = imageCp.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
            List<String> all = new ArrayList<>(List.of("-imagecp", cp));
            all.addAll(builderArgs);
            Files.writeString(Path.of(a[3]), String.join("\0", all));
            StringBuilder jv = new StringBuilder();
            for (String s : jvmArgs) {
                jv.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
            }
            Files.writeString(Path.of(a[4]), jv.toString());
            Files.writeString(Path.of(a[5]), cp + "\n");
            System.out.println("image class path: " + imageCp.size() + " entries; builder arguments: " + builderArgs.size() + "; builder JVM arguments from the image: " + jvmArgs.size());
        }

        @SuppressWarnings("unchecked")
        static void loadApiOptions() throws Exception {
            Class<?> odsClass;
            try {
                odsClass = Class.forName("jdk.graal.compiler.options.OptionDescriptors");
            } catch (ClassNotFoundException e) {
                odsClass = Class.forName("org.graalvm.compiler.options.OptionDescriptors"); // builders before 23.1
            }
            Class<? extends Annotation> apiClass = (Class<? extends Annotation>) Class.forName("com.oracle.svm.core.option.APIOption");
            Class<?> runtimeKey = Class.forName("com.oracle.svm.core.option.RuntimeOptionKey");
            Class<?> nullGroup = Class.forName("com.oracle.svm.core.option.APIOption$NullGroup");
            Map<String, Api> byName = new HashMap<>();
            for (Object ods : ServiceLoader.load(odsClass)) {
                for (Object d : (Iterable<?>) ods) {
                    String raw = (String) call(d, "getName");
                    Class<?> valueType = (Class<?>) call(d, "getOptionValueType");
                    boolean hosted = !runtimeKey.isInstance(call(d, "getOptionKey"));
                    if (hosted) {
                        hostedNames.add(raw);
                    }
                    Field f = ((Class<?>) call(d, "getDeclaringClass")).getDeclaredField((String) call(d, "getFieldName"));
                    for (Annotation ann : f.getAnnotationsByType(apiClass)) {
                        String[] names = (String[]) value(ann, "name");
                        boolean isBool = valueType == Boolean.class;
                        Class<?> group = (Class<?>) value(ann, "group");
                        String[] defaults = (String[]) value(ann, "defaultValue");
                        String[] fixed = (String[]) value(ann, "fixedValue");
                        String dflt = fixed.length > 0 ? fixed[0] : defaults.length > 0 ? defaults[0] : null;
                        List<Function<Object, Object>> tr = new ArrayList<>();
                        for (Class<?> t : (Class<?>[]) value(ann, "valueTransformer")) {
                            Constructor<?> c = t.getDeclaredConstructor();
                            c.setAccessible(true);
                            tr.add((Function<Object, Object>) c.newInstance());
                        }
                        String prefix = hosted ? "-H:" : "-R:";
                        String builderOption = isBool ? prefix + ("Negated".equals(String.valueOf(value(ann, "kind"))) ? "-" : "+") + raw : prefix + raw + "=";
                        Api api = new Api(builderOption, isBool, (char[]) value(ann, "valueSeparator"), dflt, tr);
                        if (isBool && group != nullGroup) {
                            Constructor<?> gc = group.getDeclaredConstructor();
                            gc.setAccessible(true);
                            Object g = gc.newInstance();
                            byName.put(optionName((String) call(g, "name")) + call(g, "valueSeparator") + names[0], api);
                        } else {
                            for (String n : names) {
                                byName.put(optionName(n), api);
                            }
                        }
                    }
                }
            }
            if (byName.isEmpty()) {
                throw new IllegalStateException("no @APIOption found in the builder's option descriptors");
            }
            apis.addAll(byName.entrySet());
            apis.sort((x, y) -> y.getKey().length() - x.getKey().length()); // longest name first
        }

        static String optionName(String n) {
            return n.startsWith("-") ? n : "--" + n;
        }

        static Object call(Object o, String m) throws Exception {
            Method method = o.getClass().getMethod(m);
            method.setAccessible(true);
            return method.invoke(o);
        }

        /** The builder argument for an API option at the head of the queue (consumed), or null. */
        static String translateApi(Deque<String> q) {
            String head = q.peek();
            for (Map.Entry<String, Api> e : apis) {
                String name = e.getKey();
                Api api = e.getValue();
                if (!head.startsWith(name)) {
                    continue;
                }
                String value = null;
                if (head.equals(name)) {
                    if (api.isBoolean()) {
                        q.poll();
                        return api.builderOption();
                    }
                    boolean whitespace = false;
                    for (char s : api.seps()) {
                        whitespace |= s == ' ';
                    }
                    q.poll();
                    value = api.defaultValue() != null ? api.defaultValue() : whitespace ? q.poll() : null;
                    if (value == null) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                } else if (!api.isBoolean()) {
                    for (char s : api.seps()) {
                        if (s == '\0' || (s != ' ' && head.startsWith(name + s))) {
                            value = head.substring(name.length() + (s == '\0' ? 0 : 1));
                            q.poll();
                            break;
                        }
                    }
                }
                if (value == null) {
                    continue;
                }
                Object v = value;
                for (Function<Object, Object> t : api.transformers()) {
                    v = t.apply(v);
                }
                return api.builderOption() + v;
            }
            return null;
        }

        static void process(Deque<String> q, boolean strict, String origin) throws IOException {
            while (!q.isEmpty()) {
                String arg = q.peek();
                if (arg.equals("--exclude-config")) {
                    q.poll();
                    excludes.add(new Pattern[]{Pattern.compile(q.poll()), Pattern.compile(q.poll())});
                } else if (arg.equals("-jar")) {
                    q.poll();
                    addJar(workDir.resolve(q.poll()).normalize());
                } else if (arg.equals("-cp") || arg.equals("-classpath") || arg.equals("--class-path")) {
                    q.poll();
                    for (String s : q.poll().split(File.pathSeparator)) {
                        addClasspath(workDir.resolve(s).normalize());
                    }
                } else if (arg.startsWith("-H:") || arg.startsWith("-R:")) {
                    builderArgs.add(q.poll());
                } else if (arg.startsWith("-J")) {
                    jvmArgs.add(q.poll().substring(2));
                } else if (arg.startsWith("-D")) {
                    jvmArgs.add(q.poll());
                } else if (arg.equals("--verbose") || arg.equals("--no-server")) {
                    q.poll();
                } else {
                    String t = arg.startsWith("-") ? translateApi(q) : null;
                    if (t != null) {
                        builderArgs.add(t);
                    } else if (!strict && !arg.startsWith("-")) {
                        leftovers.add(q.poll());
                    } else {
                        throw new IllegalArgumentException("native-image option '" + arg + "' (from " + origin + ") is neither one of the launcher options this helper handles"
                                        + " nor an API option of this image builder; a builder older than the GraalVM the native sources were written for lacks newer options");
                    }
                }
            }
        }

        static void addJar(Path jar) throws IOException {
            jarMode = true;
            try (JarFile jf = new JarFile(jar.toFile())) {
                Attributes attrs = jf.getManifest().getMainAttributes();
                String main = attrs.getValue("Main-Class");
                if (main == null) {
                    throw new IllegalArgumentException("no Main-Class in " + jar);
                }
                builderArgs.add("-H:Class=" + main);
                for (String[] kind : new String[][]{{"Add-Opens", "AddOpens"}, {"Add-Exports", "AddExports"}}) {
                    String v = attrs.getValue(kind[0]);
                    if (v != null) {
                        for (String s : v.trim().split("\\s+")) {
                            builderArgs.add("-H:" + kind[1] + "=" + s + "=ALL-UNNAMED");
                        }
                    }
                }
                if ("ALL-UNNAMED".equals(attrs.getValue("Enable-Native-Access"))) {
                    jvmArgs.add("--enable-native-access=ALL-UNNAMED");
                }
            }
            addClasspath(jar);
        }

        static void addClasspath(Path entry) throws IOException {
            if (!Files.exists(entry)) {
                System.out.println("note: class-path entry does not exist, skipped (as the launcher does): " + entry);
                return;
            }
            if (!imageCp.add(entry)) {
                return;
            }
            if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
                List<Path> manifestCp = new ArrayList<>();
                try (JarFile jf = new JarFile(entry.toFile())) {
                    Manifest mf = jf.getManifest();
                    String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String s : cp.trim().split(" +")) {
                            manifestCp.add(entry.getParent().resolve(s).normalize());
                        }
                    }
                }
                for (Path p : manifestCp) {
                    addClasspath(p);
                }
                processMetaInf(entry);
            }
        }

        static void processMetaInf(Path jar) throws IOException {
            try (ZipFile zf = new ZipFile(jar.toFile())) {
                List<String> names = zf.stream().filter(e -> !e.isDirectory() && e.getName().startsWith("META-INF/native-image/")).map(java.util.zip.ZipEntry::getName).sorted().toList();
                for (String name : names) {
                    String resourcePath = "/" + name;
                    String file = name.substring(name.lastIndexOf('/') + 1);
                    if (excludes.stream().anyMatch(p -> p[0].matcher(jar.toString()).find() && p[1].matcher(resourcePath).find())) {
                        System.out.println("note: excluded by --exclude-config: " + jar.getFileName() + "!" + resourcePath);
                        continue;
                    }
                    if (file.equals("native-image.properties")) {
                        Properties props = new Properties();
                        try (InputStream in = zf.getInputStream(zf.getEntry(name))) {
                            props.load(in);
                        }
                        String origin = jar.getFileName() + "!" + resourcePath;
                        if (props.getProperty("ImageName") != null) {
                            builderArgs.add("-H:Name=" + props.getProperty("ImageName"));
                        }
                        for (String key : new String[]{"JavaArgs", "Args"}) {
                            String v = props.getProperty(key);
                            if (v == null || v.isBlank()) {
                                continue;
                            }
                            if (v.contains("${")) {
                                System.out.println("note: ${...} in " + origin + " taken literally");
                            }
                            List<String> parts = List.of(v.trim().split("\\s+"));
                            if (key.equals("JavaArgs")) {
                                jvmArgs.addAll(parts);
                            } else {
                                process(new ArrayDeque<>(parts), true, origin);
                            }
                        }
                        continue;
                    }
                    for (String[] t : META_INF_TYPES) {
                        if (file.equals(t[0])) {
                            if (hostedNames.contains(t[1])) {
                                builderArgs.add("-H:" + t[1] + "=" + name);
                            } else {
                                System.out.println("note: this builder has no option " + t[1] + "; ignored " + jar.getFileName() + "!" + resourcePath);
                            }
                        }
                    }
                }
            }
        }

        /** Splits an argument file as the launcher does (java @-file rules: blanks, quotes, #). */
        static List<String> readArgFile(Path file) throws IOException {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            StringBuilder cur = null;
            char quote = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else if (c == '\\' && i + 1 < s.length()) {
                        char n = s.charAt(++i);
                        switch (n) {
                            case 'n' -> cur.append('\n');
                            case 't' -> cur.append('\t');
                            case 'r' -> cur.append('\r');
                            case 'f' -> cur.append('\f');
                            case '\n', '\r' -> {
                                while (i + 1 < s.length() && Character.isWhitespace(s.charAt(i + 1))) {
                                    i++;
                                }
                            }
                            default -> cur.append(n);
                        }
                    } else {
                        cur.append(c);
                    }
                } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                    if (cur != null) {
                        out.add(cur.toString());
                        cur = null;
                    }
                } else if (c == '#' && cur == null) {
                    while (i < s.length() && s.charAt(i) != '\n') {
                        i++;
                    }
                } else {
                    if (cur == null) {
                        cur = new StringBuilder();
                    }
                    if (c == '"' || c == '\'') {
                        quote = c;
                    } else {
                        cur.append(c);
                    }
                }
            }
            if (cur != null) {
                out.add(cur.toString());
            }
            return out;
        }
    }

    /* ------------------------------------------------------------------------------------------ */
    static final class Summary {
        static final String[] STAGES = {"", "Initializing", "Performing analysis", "Building universe", "Parsing methods", "Inlining methods", "Compiling methods",
                        "Laying out methods", "Creating image"};
        static final Pattern STAGE = Pattern.compile("^\\[(\\d)/8] ([A-Za-z ]+?)\\.\\.\\.(.*)$");
        static final Pattern ERROR_START = Pattern.compile("^(Fatal error: |Error: |Exception in thread |The build process encountered an unexpected error|java\\.lang\\.\\w+(Error|Exception)\\b)");

        /**
         * Exit status: 0 = analysis passed and the build got to the relocatable object file (or
         * stopped only at linking/toolchain), 1 = failed in or before the analysis, 2 = failed
         * after the analysis for another reason.
         */
        static int run(String[] a) throws IOException {
            Path log = Path.of(a[0]);
            int rc = Integer.parseInt(a[1]);
            Path stats = a[2].equals("-") ? null : Path.of(a[2]);
            Path object = a[3].equals("-") ? null : Path.of(a[3]);
            Path out = Path.of(a[4]);
            Map<String, String> kv = new LinkedHashMap<>();
            for (int i = 5; i < a.length; i++) {
                int eq = a[i].indexOf('=');
                kv.put(a[i].substring(0, eq), a[i].substring(eq + 1));
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            int builderStart = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("==> builder: ")) {
                    builderStart = i;
                }
            }
            lines = lines.subList(builderStart, lines.size());

            int lastStage = 0;
            List<String> stageLines = new ArrayList<>();
            List<String> analysisLines = new ArrayList<>();
            boolean inAnalysis = false;
            for (String l : lines) {
                Matcher m = STAGE.matcher(l);
                if (m.find()) {
                    lastStage = Math.max(lastStage, Integer.parseInt(m.group(1)));
                    stageLines.add(l.replaceAll("\\s{2,}", "  ").trim());
                    inAnalysis = m.group(1).equals("2");
                    continue;
                }
                if (inAnalysis) {
                    if (l.matches("^\\s+[\\d,]+ .*")) {
                        analysisLines.add(l.trim());
                    } else {
                        inAnalysis = false;
                    }
                }
            }
            boolean finished = lines.stream().anyMatch(l -> l.startsWith("Finished generating "));
            boolean timedOut = rc == 124 || rc == 137;

            /* first error, verbatim: from its first line to the stack trace or the next rule */
            List<String> firstError = new ArrayList<>();
            List<String> headlines = new ArrayList<>();
            Set<String> appFrames = new LinkedHashSet<>();
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (ERROR_START.matcher(l).find() && !l.startsWith("Error: Image build request")) {
                    headlines.add(l.length() > 300 ? l.substring(0, 300) + " ..." : l);
                    if (firstError.isEmpty()) {
                        for (int j = i; j < lines.size() && j < i + 80; j++) {
                            String e = lines.get(j);
                            if (j > i && (e.startsWith("\tat ") || e.startsWith("-----") || e.startsWith("=====") || e.startsWith("Caused by: ") || e.startsWith("Fatal error: ")
                                            || e.matches("^\\[\\d/8].*"))) {
                                break;
                            }
                            firstError.add(e);
                        }
                    }
                }
                if (l.contains("io.cartographer.") && (l.contains("embedded in") || l.contains("parsing method") || l.contains("Class initialization of") || l.contains("reading field")
                                || l.contains("<clinit>") || l.trim().startsWith("io.cartographer."))) {
                    appFrames.add(l.trim());
                }
            }
            while (!firstError.isEmpty() && firstError.get(firstError.size() - 1).isBlank()) {
                firstError.remove(firstError.size() - 1);
            }
            String errorText = String.join("\n", firstError);
            boolean toolchainOnly = !firstError.isEmpty() && Pattern.compile("(?i)(linker|linking|static JDK libraries|collect2|ld returned|undefined reference|toolchain|objcopy|strip)").matcher(errorText).find()
                            && lastStage >= 3;

            boolean analysisPassed = lastStage >= 3 || (finished && lastStage >= 2);
            boolean objectWritten = object != null && Files.isRegularFile(object);
            String reached;
            int status;
            if (rc == 0 && finished && lastStage >= 7) {
                reached = objectWritten ? "relocatable object file written (stages [1/8]..[7/8] done; [8/8] creating image / linking skipped)" : "[" + lastStage + "/8] " + STAGES[lastStage] + " (finished)";
                status = 0;
            } else if (analysisPassed && toolchainOnly) {
                reached = "[" + lastStage + "/8] " + STAGES[lastStage] + " (stopped at linking/toolchain)";
                status = 0;
            } else if (!analysisPassed) {
                reached = lastStage == 0 ? "not started (builder failed before [1/8])" : "[" + lastStage + "/8] " + STAGES[lastStage] + " (failed" + (timedOut ? ", timed out" : "") + ")";
                status = 1;
            } else {
                reached = "[" + lastStage + "/8] " + STAGES[lastStage] + " (failed" + (timedOut ? ", timed out" : "") + ")";
                status = 2;
            }

            StringBuilder md = new StringBuilder();
            md.append("# Native-image analysis of Cartographer\n\n");
            md.append("Written by `bench/native-analysis.sh` on ").append(kv.getOrDefault("date", "?")).append(" (full log: `").append(kv.getOrDefault("log", log.toString())).append("`).\n\n");
            md.append("**reached: ").append(reached).append("**\n\n");
            md.append(switch (status) {
                case 0 -> "Result: the points-to analysis passed and the image was compiled to an object file. This run cannot link an executable: the GraalVM builder on Maven Central comes without the native launcher, the static JDK libraries (libjava.a, libnio.a, ...) and GraalVM's own C libraries, so the build stops after writing the relocatable object (`-H:+ExitAfterRelocatableImageWrite`). Problems that only show when the image runs (missing reflection registration, for instance) are not caught here.\n\n";
                case 1 -> "Result: **the build failed in or before the points-to analysis** (exit status 1).\n\n";
                default -> "Result: **the analysis passed but the build failed afterwards** (exit status 2), not at linking.\n\n";
            });
            md.append("| | |\n|---|---|\n");
            for (String k : new String[]{"builder", "jdk", "quarkus", "quarkus expects GraalVM", "native sources", "extra args", "builder exit", "run time"}) {
                if (kv.containsKey(k)) {
                    md.append("| ").append(k).append(" | ").append(kv.get(k).replace("|", "\\|")).append(" |\n");
                }
            }
            if (objectWritten) {
                md.append("| object file | ").append(object.getFileName()).append(", ").append(Files.size(object) / (1024 * 1024)).append(" MiB |\n");
            }
            md.append("\n## Stages\n\n");
            if (stageLines.isEmpty()) {
                md.append("No stage was printed.\n");
            }
            for (String s : stageLines) {
                md.append("- ").append(s).append('\n');
            }
            md.append("\n## Analysis figures\n\n");
            if (analysisLines.isEmpty()) {
                md.append("The analysis printed no figures.\n");
            }
            for (String s : analysisLines) {
                md.append("- ").append(s).append('\n');
            }
            if (stats != null && Files.isRegularFile(stats)) {
                String j = Files.readString(stats);
                int at = j.indexOf("\"analysis_results\"");
                if (at >= 0) {
                    String ar = j.substring(at);
                    md.append("\nFrom the builder's statistics (`").append(stats.getFileName()).append("`):\n\n| | reachable | reflection | JNI | total seen |\n|---|---|---|---|---|\n");
                    for (String kind : new String[]{"types", "methods", "fields"}) {
                        Matcher km = Pattern.compile("\"" + kind + "\"\\s*:\\s*\\{([^}]*)\\}").matcher(ar);
                        if (km.find()) {
                            String body = km.group(1);
                            md.append("| ").append(kind).append(" | ").append(num(body, "reachable")).append(" | ").append(num(body, "reflection")).append(" | ").append(num(body, "jni")).append(" | ").append(num(body, "total")).append(" |\n");
                        }
                    }
                }
                Matcher rss = Pattern.compile("\"peak_rss_bytes\"\\s*:\\s*(\\d+)").matcher(j);
                if (rss.find()) {
                    md.append("\nPeak RSS of the builder: ").append(Long.parseLong(rss.group(1)) / (1024 * 1024)).append(" MiB.\n");
                }
            }
            md.append("\n## First error\n\n");
            if (firstError.isEmpty()) {
                md.append(rc == 0 ? "None.\n" : "The builder exited with status " + rc + " without a recognisable error message; see the log.\n");
            } else {
                md.append("```\n").append(errorText).append("\n```\n");
                if (headlines.size() > 1) {
                    md.append("\nAll error lines (").append(headlines.size()).append("):\n\n");
                    headlines.stream().distinct().limit(20).forEach(h -> md.append("- `").append(h.replace("`", "'")).append("`\n"));
                }
            }
            if (!appFrames.isEmpty()) {
                md.append("\nCartographer code named in the builder's messages:\n\n");
                appFrames.stream().limit(25).forEach(f -> md.append("- `").append(f.replace("`", "'")).append("`\n"));
            }
            String recordsFile = kv.get("records-file");
            if (recordsFile != null && Files.isRegularFile(Path.of(recordsFile))) {
                List<String> rl = Files.readAllLines(Path.of(recordsFile));
                List<String> gaps = rl.stream().filter(x -> x.startsWith("gap ")).map(x -> x.substring(4)).toList();
                List<String> missing = rl.stream().filter(x -> x.startsWith("missing ")).map(x -> x.substring(8)).toList();
                String total = rl.stream().filter(x -> x.startsWith("records=")).map(x -> x.substring(8)).findFirst().orElse("?");
                md.append("\n## Reflection registration for Jackson (heuristic)\n\n");
                md.append("The analysis cannot tell which classes Jackson will reflect on at run time: a missing registration only fails when the native executable runs. This check walks, transitively, the components of every `io.cartographer` record that Quarkus registered for reflection (REST types and `@RegisterForReflection`, from the generated `reflect-config.json`).\n\n");
                List<String> recordGaps = gaps.stream().filter(g -> g.split(" ")[1].equals("record")).toList();
                List<String> enumGaps = gaps.stream().filter(g -> g.split(" ")[1].equals("enum")).toList();
                if (recordGaps.isEmpty()) {
                    md.append("- Every `io.cartographer` record reachable that way is registered.\n");
                } else {
                    md.append("- **Records reachable from a registered record but not registered** (Jackson needs reflection on these):\n");
                    recordGaps.forEach(g -> md.append("  - `").append(g.split(" ")[0]).append("` (component `").append(g.split(" ")[2]).append("`)\n"));
                }
                for (String g : enumGaps) {
                    String[] f = g.split(" ");
                    boolean annotated = f.length > 3;
                    md.append("- ").append(annotated ? "**" : "").append("Enum `").append(f[0]).append("` is not registered").append(annotated ? "**" : "")
                                    .append(" (component `").append(f[2]).append("`)");
                    if (annotated) {
                        md.append(": its members carry ").append(f[3]).append(", which Jackson finds only by reflection. Unregistered, the native executable would not see them: the JSON form of the enum changes (constant names instead of the annotated values) or reading it back fails.\n");
                    } else {
                        md.append(": Jackson writes plain enums by name, so this is harmless.\n");
                    }
                }
                md.append("- ").append(missing.size()).append(" of the ").append(total).append(" `io.cartographer` records are neither registered nor reachable that way; they matter only where code hands them to an ObjectMapper itself:\n\n");
                Map<String, List<String>> byPackage = new TreeMap<>();
                for (String m : missing) {
                    int dot = m.lastIndexOf('.');
                    byPackage.computeIfAbsent(m.substring(0, dot), k -> new ArrayList<>()).add(m.substring(dot + 1));
                }
                byPackage.forEach((pkg, names) -> md.append("  - `").append(pkg).append("`: ").append(String.join(", ", names)).append('\n'));
            }
            md.append("\nExit status of the script: ").append(status).append(" (0: analysis passed, stopped at the object file or at linking; 1: failed in or before analysis; 2: failed after analysis).\n");
            Files.writeString(out, md.toString());
            System.out.println("reached: " + reached);
            return status;
        }

        static String num(String body, String key) {
            Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(-?\\d+)").matcher(body);
            if (!m.find()) {
                return "-";
            }
            long v = Long.parseLong(m.group(1));
            return v < 0 ? "-" : String.format(Locale.ROOT, "%,d", v);
        }
    }
}
__HELPER__
