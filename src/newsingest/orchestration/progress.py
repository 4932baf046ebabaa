"""Progress of long runs: a Prefect progress artifact, and a terminal bar when run from the CLI."""

from collections.abc import Callable
from uuid import UUID

from prefect.artifacts import create_progress_artifact, update_progress_artifact

Listener = Callable[[str, int, int], None]  # (label, done, total)
_listeners: list[Listener] = []


def add_listener(listener: Listener) -> None:
    """Call listener on every progress report of this process (the CLI's progress bar)."""
    _listeners.append(listener)


def remove_listener(listener: Listener) -> None:
    """Stop calling listener."""
    if listener in _listeners:
        _listeners.remove(listener)


class Progress:
    """One progress artifact (key, 0-100 %) kept current as work is done."""

    def __init__(self, key: str, label: str, description: str) -> None:
        """Create the artifact at 0 %."""
        self.label = label
        self.artifact_id: UUID = create_progress_artifact(0.0, key=key, description=description)  # type: ignore[assignment]

    def report(self, done: int, total: int) -> None:
        """Publish done of total."""
        percent = 100.0 if total <= 0 else min(100.0, 100.0 * done / total)
        update_progress_artifact(self.artifact_id, percent)
        for listener in list(_listeners):
            listener(self.label, done, total)
