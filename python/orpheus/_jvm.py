"""Finds a Java 25 runtime and the Orpheus jars, and starts the one JVM this process can have."""

import glob
import os
import re
import shutil
import threading

from ._errors import OrpheusError

DEFAULT_JAVA_HOME = "/usr/lib/jvm/temurin-25-jdk-amd64"
MIN_JAVA_FEATURE = 25

# The flags bin/orpheus starts Java with: SIMD kernels use the incubating Vector API, and the
# native backends call C libraries through the foreign-function API.
JVM_FLAGS = ("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xss4m")

# JPype's own Java half; pip's JPype ships it beside its module, Debian's under /usr/share/java.
JPYPE_SUPPORT_JARS = ("/usr/share/java/org.jpype.jar",)

_lock = threading.Lock()
_started_by_us = False


class Setup:
    """Where Java and the jars were found (for diagnostics and tests)."""

    def __init__(self, java_home, libjvm, orpheus_home, classpath, options):
        self.java_home = java_home
        self.libjvm = libjvm
        self.orpheus_home = orpheus_home
        self.classpath = classpath
        self.options = options

    def __repr__(self):
        return (f"Setup(java_home={self.java_home!r}, orpheus_home={self.orpheus_home!r}, "
                f"{len(self.classpath)} jars, options={self.options!r})")


def java_home():
    """ORPHEUS_JAVA_HOME, else JAVA_HOME when it is Java 25 or later, else the default JDK 25."""
    explicit = os.environ.get("ORPHEUS_JAVA_HOME")
    if explicit:
        _check_java(explicit, "ORPHEUS_JAVA_HOME")
        return explicit
    env = os.environ.get("JAVA_HOME")
    if env and _feature_version(env) is not None and _feature_version(env) >= MIN_JAVA_FEATURE:
        return env
    if os.path.isdir(DEFAULT_JAVA_HOME):
        _check_java(DEFAULT_JAVA_HOME, "the default JDK")
        return DEFAULT_JAVA_HOME
    if env:
        _check_java(env, "JAVA_HOME")
    raise OrpheusError("no Java %d found: set ORPHEUS_JAVA_HOME (or JAVA_HOME) to a JDK %d or later"
                       % (MIN_JAVA_FEATURE, MIN_JAVA_FEATURE))


def _feature_version(home):
    """The feature version from HOME/release (JAVA_VERSION="25.0.3"), or None when unreadable."""
    try:
        with open(os.path.join(home, "release"), encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    m = re.search(r'^JAVA_VERSION="(\d+)(?:\.(\d+))?', text, re.MULTILINE)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2)) if major == 1 and m.group(2) else major


def _check_java(home, what):
    version = _feature_version(home)
    if version is None:
        raise OrpheusError(f"{what} {home} is not a Java installation (no readable 'release' file)")
    if version < MIN_JAVA_FEATURE:
        raise OrpheusError(f"{what} {home} is Java {version}; Orpheus needs Java {MIN_JAVA_FEATURE} or later")


def libjvm(home):
    for candidate in ("lib/server/libjvm.so", "lib/server/libjvm.dylib", "bin/server/jvm.dll"):
        path = os.path.join(home, candidate)
        if os.path.isfile(path):
            return path
    raise OrpheusError(f"{home} has no server JVM library (lib/server/libjvm.so)")


def orpheus_home():
    """ORPHEUS_HOME; else the checkout's distribution/target/orpheus; else the one of bin/orpheus on PATH."""
    explicit = os.environ.get("ORPHEUS_HOME")
    if explicit:
        if not os.path.isdir(os.path.join(explicit, "bundle")):
            raise OrpheusError(f"ORPHEUS_HOME={explicit} has no bundle/ directory; point it at a built "
                               "distribution (distribution/target/orpheus)")
        return os.path.abspath(explicit)
    package_dir = os.path.dirname(os.path.abspath(__file__))
    checkout = os.path.normpath(os.path.join(package_dir, "..", "..", "distribution", "target", "orpheus"))
    if os.path.isdir(os.path.join(checkout, "bundle")):
        return checkout
    launcher = shutil.which("orpheus")
    if launcher:
        home = os.path.dirname(os.path.dirname(os.path.realpath(launcher)))
        if os.path.isdir(os.path.join(home, "bundle")):
            return home
    raise OrpheusError("cannot find the Orpheus distribution: set ORPHEUS_HOME to distribution/target/orpheus "
                       "(build it with ./mvnw -B install -pl distribution), or put its bin/orpheus on PATH")


def _import_jpype():
    try:
        import jpype
        import jpype.nio  # noqa: F401  (the array conversions use it)
    except ImportError as e:
        raise OrpheusError(f"JPype is not installed for this Python ({e}): apt-get install python3-jpype, "
                           "or pip install JPype1") from None
    return jpype


def jpype_support_jar():
    _import_jpype()
    import _jpype
    beside = os.path.join(os.path.dirname(os.path.abspath(_jpype.__file__)), "org.jpype.jar")
    for path in (beside,) + JPYPE_SUPPORT_JARS:
        if os.path.isfile(path):
            return path
    return None


def classpath(home):
    """Every jar of bundle/ (ServiceLoader finds the backends, importers and passes there), plus extras."""
    jars = sorted(glob.glob(os.path.join(home, "bundle", "*.jar")))
    if not any(os.path.basename(j).startswith("orpheus-runtime-") for j in jars):
        raise OrpheusError(f"{home}/bundle holds no orpheus-runtime jar; is the distribution built?")
    extra = [p for p in os.environ.get("ORPHEUS_CLASSPATH", "").split(os.pathsep) if p]
    support = jpype_support_jar()
    return jars + extra + ([support] if support else [])


def kernel_offers_huge_pages(path="/sys/kernel/mm/transparent_hugepage/enabled"):
    """Whether transparent huge pages are on for all memory or for memory that asks (the JVM's heap)."""
    try:
        with open(path, encoding="ascii") as f:
            mode = f.read()
    except OSError:
        return False
    return "[always]" in mode or "[madvise]" in mode


def jvm_options():
    heap = os.environ.get("ORPHEUS_HEAP", "")
    options = list(JVM_FLAGS)
    if heap:
        options.append(heap if heap.startswith("-") else "-Xmx" + heap)
    # as bin/orpheus: a warm session allocates little, and the serial collector keeps the heap near its live size
    options.append(os.environ.get("ORPHEUS_GC", "") or "-XX:+UseSerialGC")
    if os.environ.get("ORPHEUS_HUGE_PAGES", "") != "off" and kernel_offers_huge_pages():
        # as bin/orpheus: weights stream through fewer TLB entries; the JVM warns where the kernel has none
        options.append("-XX:+UseTransparentHugePages")
    options.extend(os.environ.get("ORPHEUS_OPTS", "").split())
    return options


def setup():
    home = java_home()
    dist = orpheus_home()
    return Setup(home, libjvm(home), dist, classpath(dist), jvm_options())


def ensure_started():
    """Starts the JVM with the Orpheus jars unless this process already has one."""
    global _started_by_us
    jpype = _import_jpype()
    with _lock:
        if jpype.isJVMStarted():
            if not _started_by_us:
                _check_foreign_jvm(jpype)
            return
        s = setup()
        try:
            jpype.startJVM(s.libjvm, *s.options, classpath=s.classpath, convertStrings=False)
        except Exception as e:  # JPype reports a failed start as several exception types
            raise OrpheusError(f"could not start the JVM ({s.libjvm}): {e}") from None
        _started_by_us = True


def _check_foreign_jvm(jpype):
    """Someone else started the JVM (only one per process): it must have Orpheus on its class path."""
    try:
        jpype.JClass("io.orpheus.runtime.Orpheus")
    except Exception:
        raise OrpheusError("a JVM is already running in this process without the Orpheus jars on its class "
                           "path; import orpheus before starting the JVM, or add ORPHEUS_HOME/bundle/*.jar "
                           "to its class path") from None
