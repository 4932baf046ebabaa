"""Prefect defaults for this product, applied before Prefect is imported (env vars win)."""

import importlib.abc
import importlib.machinery
import importlib.util
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

from newsingest import lifeline

DEFAULTS = {
    # The local ephemeral API takes 8-20 s to start on a small machine; Prefect gives up at 20 s.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # No telemetry from an offline machine (it only logs name-resolution errors).
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}
SERVER_MODULE = "prefect.server.api.server"  # where Prefect starts its ephemeral API server


def apply_prefect_defaults() -> None:
    """Set Prefect settings the user has not set, and tie Prefect's ephemeral server to this process."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    tie_ephemeral_server()


class _TiedSubprocess:
    """The subprocess module as Prefect's server module sees it: Python children are tied to us."""

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)

    @staticmethod
    def Popen(args: Sequence[str], **kwargs: Any) -> "subprocess.Popen[Any]":  # noqa: N802 - subprocess's name
        """Start args; a `python -m MODULE …` child runs through newsingest.lifeline in its own group."""
        command = list(args)
        if command[:2] == [sys.executable, "-m"]:
            # SIGTERM when we are gone, however we went (uvicorn then stops in an orderly way). Watched, not
            # PR_SET_PDEATHSIG: the Prefect thread that starts the server need not live as long as we do.
            command = lifeline.command(command[1:], signal.SIGTERM, kernel=False)
            # Its own process group: a terminal's Ctrl-C must not stop the API while the run records
            # how it ended; Prefect stops the server at exit.
            kwargs.setdefault("process_group", 0)
        return subprocess.Popen(command, **kwargs)


def tie_server_module(module: ModuleType) -> None:
    """Make the ephemeral API server that module (Prefect's) starts die with this process."""
    module.subprocess = _TiedSubprocess()  # type: ignore[attr-defined]


class _PatchOnImport(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports Prefect's server module the usual way, then ties it (it costs seconds to import early)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        """Claim Prefect's server module; leave every other import alone."""
        if fullname != SERVER_MODULE:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        self.loader = spec.loader
        spec.loader = self
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        """Let the real loader create the module."""
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        """Run the module, then tie its server."""
        self.loader.exec_module(module)
        tie_server_module(module)


def tie_ephemeral_server() -> None:
    """Tie Prefect's ephemeral server to this process, now or when Prefect imports its module."""
    if SERVER_MODULE in sys.modules:
        tie_server_module(sys.modules[SERVER_MODULE])
    elif not any(isinstance(finder, _PatchOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport())
