"""Prefect defaults for this product, applied before Prefect is imported (env vars win)."""

import http.client
import importlib.abc
import importlib.machinery
import importlib.util
import json
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from newsingest import lifeline

DEFAULTS = {
    # The local ephemeral API takes 8-20 s to start on a small machine; Prefect gives up at 20 s.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # No telemetry from an offline machine (it only logs name-resolution errors).
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # A flow run beats every 30 s wherever it runs, as on the workers: the crash automation
    # (deploy/automations.yaml) marks a run Crashed after 90 s without one, and Prefect's default of 180 s
    # had it crash every command-line run longer than that.
    "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": "30",
}
SERVER_MODULE = "prefect.server.api.server"  # where Prefect starts its ephemeral API server
# Prefect's server module logs through its top logger "Starting temporary server on …" with a link to its
# docs on running a server: news to a Prefect user, noise on the terminal of someone running newsingest.
SERVER_NOTICE_LOGGER = "prefect"
SERVER_NOTICES = ("Starting temporary server on",)
# A server on this machine answers at once, and nothing listening refuses at once: 0.2 s only bounds a
# listener that is slow or not HTTP, and keeps commands that find no server quick.
PROBE_TIMEOUT_S = 0.2


def apply_prefect_defaults() -> None:
    """Set Prefect settings the user has not set, and tie Prefect's ephemeral server to this process."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    log_server_notice_at_debug()
    tie_ephemeral_server()


class _ServerNotice(logging.Filter):
    """Logs Prefect's notice that it starts its temporary API server at DEBUG, not on the console."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Demote the notice; it then goes where the logger's DEBUG records go (nowhere by default)."""
        if record.levelno <= logging.DEBUG or not str(record.msg).startswith(SERVER_NOTICES):
            return True
        record.levelno, record.levelname = logging.DEBUG, logging.getLevelName(logging.DEBUG)
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)


def log_server_notice_at_debug() -> None:
    """Show Prefect's temporary-server notice only at PREFECT_LOGGING_LEVEL=DEBUG (Prefect keeps filters)."""
    logger = logging.getLogger(SERVER_NOTICE_LOGGER)
    if not any(isinstance(f, _ServerNotice) for f in logger.filters):
        logger.addFilter(_ServerNotice())


def answers_like_prefect(api_url: str, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """Say whether a Prefect server answers at api_url (http://host:port/api): health true, a version."""
    try:
        return _get_json(f"{api_url}/health", timeout) is True and isinstance(
            _get_json(f"{api_url}/version", timeout), str
        )
    except (OSError, ValueError, http.client.HTTPException):  # refused, slow, not HTTP, not Prefect
        return False


def _get_json(url: str, timeout: float) -> object:
    # http.client, not urllib: the probe goes to this machine, never through a configured HTTP proxy.
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    try:
        connection.request("GET", parts.path, headers={"Accept": "application/json"})
        response = connection.getresponse()
        if response.status != 200:
            raise ValueError(f"{url} answered {response.status}")
        return json.loads(response.read(4096))
    finally:
        connection.close()


def local_server_url(host: str, port: int) -> str:
    """Return the API URL of the server `prefect server start` runs on host and port."""
    if host in ("", "0.0.0.0"):  # listening everywhere: reachable on loopback
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return f"http://[{host}]:{port}/api" if ":" in host else f"http://{host}:{port}/api"


def use_running_server(timeout: float = PROBE_TIMEOUT_S) -> str | None:
    """Point this process at the Prefect server running on this machine when no API URL is set; return it.

    Without one, each command would start Prefect's temporary server (10-20 s). The server is looked for
    where `prefect server start` listens with this machine's settings (PREFECT_SERVER_API_HOST and _PORT,
    127.0.0.1:4200 by default). Call after apply_prefect_defaults(): this imports Prefect's settings.
    """
    from prefect.context import refresh_global_settings_context
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url:  # set in the environment, a profile or prefect.toml: Prefect uses it
        return None
    api_url = local_server_url(settings.server.api.host, settings.server.api.port)
    if not answers_like_prefect(api_url, timeout):
        return None
    # The environment, for every thread and child; Prefect reads it again as after its plugins set variables.
    os.environ["PREFECT_API_URL"] = api_url
    refresh_global_settings_context()
    return api_url


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
    """Imports one of Prefect's modules the usual way, then patches it."""

    def __init__(self, fullname: str, patch: Callable[[ModuleType], None]) -> None:
        """Wait for the module fullname; patch(module) once it has run."""
        self.fullname, self.patch = fullname, patch

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        """Claim the awaited module; leave every other import alone."""
        if fullname != self.fullname:
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
        """Run the module, then patch it."""
        self.loader.exec_module(module)
        self.patch(module)


def patch_when_imported(fullname: str, patch: Callable[[ModuleType], None]) -> None:
    """Call patch on the module fullname now if it is loaded, else once it is; patch must be idempotent."""
    if fullname in sys.modules:
        patch(sys.modules[fullname])
    elif not any(isinstance(f, _PatchOnImport) and f.fullname == fullname for f in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport(fullname, patch))


def tie_ephemeral_server() -> None:
    """Tie Prefect's ephemeral server to this process, now or when Prefect imports its module."""
    patch_when_imported(SERVER_MODULE, tie_server_module)
