"""A process's own peak resident memory (standard library only: the bare benchmark spider uses it too)."""

import resource
from pathlib import Path


def peak_rss_kb() -> int:
    """Return this process's peak resident memory in kB, counted from its exec."""
    # ru_maxrss would do on a fresh process, but Linux carries the parent's high-water mark across
    # fork and exec: a crawl started by a big flow process would report the flow's size, not its own.
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
