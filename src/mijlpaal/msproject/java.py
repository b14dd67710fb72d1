"""The Java side of the MS Project files: MPXJ (the `mpxj` package) runs in a JVM that JPype
starts inside this process.

The JVM starts once per process, on the first file read or written, never when Django starts:
a server that nobody asks for an MS Project file never pays for it. Once started it stays (JPype
cannot start a JVM twice in one process). Where no Java runtime is installed, `JavaMissing` says
so in the user's language; the rest of the app works as before.

No Django here but the translation of that one message.
"""

from __future__ import annotations

import shutil
import threading
from typing import Any

from django.utils.translation import gettext as _

_lock = threading.Lock()


class JavaMissing(Exception):
    """No Java runtime here, or it would not start; the message is for the user."""

    def __init__(self) -> None:
        self.message = _(
            "MS Project files cannot be read or written on this server: Java is not installed. "
            "Ask the administrator to install a Java runtime (on Debian: default-jre-headless)."
        )
        super().__init__(self.message)


def java_available() -> bool:
    """Whether a Java runtime can be found (without starting it)."""
    import jpype  # type: ignore[import-untyped]

    if jpype.isJVMStarted():
        return True
    try:
        jpype.getDefaultJVMPath()
    except Exception:  # JPype's JVMNotFoundException, or a broken JAVA_HOME
        return shutil.which("java") is not None and _jvm_path_from_java() is not None
    return True


def _jvm_path_from_java() -> str | None:
    """libjvm.so next to the `java` on PATH, for a JAVA_HOME JPype does not find by itself."""
    import pathlib

    java = shutil.which("java")
    if java is None:
        return None
    home = pathlib.Path(java).resolve().parent.parent
    for candidate in (home / "lib/server/libjvm.so", home / "jre/lib/server/libjvm.so"):
        if candidate.exists():
            return str(candidate)
    return None


def start() -> None:
    """Start the JVM with MPXJ on its class path, once per process. Raises JavaMissing."""
    import jpype

    if jpype.isJVMStarted():
        return
    with _lock:
        if jpype.isJVMStarted():
            return
        import mpxj  # type: ignore[import-untyped]  # noqa: F401  # puts MPXJ's jars on the class path

        try:
            path = jpype.getDefaultJVMPath()
        except Exception:
            path = _jvm_path_from_java()
        if path is None:
            raise JavaMissing()
        try:
            # Headless, a small heap: the files are bounded before MPXJ sees them.
            jpype.startJVM(path, "-Djava.awt.headless=true", "-Xmx256m", convertStrings=True)
        except Exception as error:  # OSError for a broken runtime, RuntimeError from JPype
            raise JavaMissing() from error


def jclass(name: str) -> Any:
    """A Java class by its full name, the JVM started first."""
    start()
    import jpype

    return jpype.JClass(name)
