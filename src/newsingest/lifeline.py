"""Tie a child Python process's life to its parent's: `python -m newsingest.lifeline PID SIGNAL -m MODULE …`.

A child started through this module runs MODULE as `python -m MODULE …` would, in the same process, and
receives SIGNAL as soon as the process PID (its parent) is gone, however the parent ended (SIGKILL and
crashes included). On Linux the kernel sends it (PR_SET_PDEATHSIG); a watcher thread that polls the
parent's id backs that up (other systems, and a parent that died before the child asked the kernel).
"""

import ctypes
import ctypes.util
import os
import runpy
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
POLL_S = 0.25  # how often the watcher looks at the parent's id
KILL_AFTER_S = 5.0  # after a SIGTERM that did not end the child, SIGKILL does


def set_parent_death_signal(signum: int) -> bool:
    """Ask the kernel to send signum when the thread that started this process exits; False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return bool(libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0)


def _watch(parent: int, signum: int) -> None:
    """Signal this process once its parent is gone (reparented), escalating to SIGKILL."""
    while os.getppid() == parent:
        time.sleep(POLL_S)
    os.kill(os.getpid(), signum)
    if signum != signal.SIGKILL:
        time.sleep(KILL_AFTER_S)
        os.kill(os.getpid(), signal.SIGKILL)


def hold(parent: int, signum: int, *, kernel: bool) -> None:
    """Make this process receive signum when parent ends; exit at once if it ended already.

    kernel=True adds PR_SET_PDEATHSIG, which fires when the *thread* that started this process exits:
    use it only when that thread waits for the child (a crawl task does; a server started from whichever
    of Prefect's threads first needs it does not).
    """
    if kernel:
        set_parent_death_signal(signum)
    if os.getppid() != parent:  # the parent died before the kernel (or the watcher) could be told
        os._exit(128 + signum)
    threading.Thread(target=_watch, args=(parent, signum), name="lifeline", daemon=True).start()


def command(module_args: list[str], signum: int = signal.SIGKILL, *, kernel: bool = True) -> list[str]:
    """Return the command running `python -m MODULE ARGS…` (module_args) tied to this process."""
    mode = "kernel" if kernel else "watch"
    return [sys.executable, "-m", __name__, str(os.getpid()), f"{signum}:{mode}", *module_args]


def main(argv: list[str]) -> None:
    """Hold on to the parent, then run the module named after -m as __main__."""
    if len(argv) < 4 or argv[2] != "-m":
        raise SystemExit("usage: python -m newsingest.lifeline PARENT_PID SIGNAL[:kernel|:watch] -m MODULE …")
    parent, spec, module = int(argv[0]), argv[1], argv[3]
    signum, _, mode = spec.partition(":")
    hold(parent, int(signum), kernel=mode != "watch")
    sys.argv = [module, *argv[4:]]
    # SystemExit from the module ends this process with its code, as `python -m MODULE` would.
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
