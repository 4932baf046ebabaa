"""The evaluation set: pages (html/<id>.html.gz) with must-have and must-not-have snippets."""

import gzip
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "NEWSINGEST_EVAL_DIR"
# CI clones the repository with the shared data beside it: <parent>/shared/eval/trafilatura-eval.
RELATIVE_DIR = Path("..", "shared", "eval", "trafilatura-eval")
_CHARSET = re.compile(rb'charset=["\']?([A-Za-z0-9_\-]+)')


@dataclass(frozen=True, slots=True)
class EvalDoc:
    """One page of the set and the snippets its article text must and must not contain."""

    doc_id: str
    url: str | None
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]

    @property
    def half(self) -> str:
        """Return 'a' or 'b': a fixed split by id hash, to tune on one half and confirm on the other."""
        return "a" if hashlib.sha256(self.doc_id.encode()).digest()[0] % 2 == 0 else "b"


def default_data_dir() -> Path:
    """Return $NEWSINGEST_EVAL_DIR, else ../shared/eval/trafilatura-eval beside the checkout."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    checkout = Path(__file__).resolve().parents[3]
    return (checkout / RELATIVE_DIR).resolve()


def load_dataset(data_dir: Path, limit: int = 0) -> list[EvalDoc]:
    """Return the documents of data_dir/ground-truth.json in file order (the first limit ones if > 0)."""
    with (data_dir / "ground-truth.json").open(encoding="utf-8") as f:
        truth = json.load(f)
    docs = [
        EvalDoc(
            doc_id=str(doc_id),
            url=item.get("url"),
            with_snippets=tuple(item.get("with", ())),
            without_snippets=tuple(item.get("without", ())),
        )
        for doc_id, item in truth.items()
    ]
    return docs[:limit] if limit > 0 else docs


def decode_html(raw: bytes) -> str:
    """Decode page bytes as the reference scorer does: UTF-8, else the declared charset, else lossy."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        match = _CHARSET.search(raw[:4096])
        if match:
            try:
                return raw.decode(match.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        return raw.decode("utf-8", errors="replace")


def load_html(data_dir: Path, doc_id: str) -> str:
    """Return the decoded page of doc_id."""
    compressed = data_dir / "html" / f"{doc_id}.html.gz"
    if compressed.exists():
        with gzip.open(compressed, "rb") as f:
            return decode_html(f.read())
    return decode_html((data_dir / "html" / f"{doc_id}.html").read_bytes())
