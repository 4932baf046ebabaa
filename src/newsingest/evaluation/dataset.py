"""The evaluation sets: pages (html/<id>.html.gz) with their truth, split by site into two parts."""

import gzip
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from newsingest.errors import NewsingestError

ENV_VAR = "NEWSINGEST_EVAL_DIR"
# CI clones the repository with the shared data beside it: <parent>/shared/eval/<set>.
RELATIVE_ROOT = Path("..", "shared", "eval")
DEFAULT_SET = "trafilatura-eval"
SETS = ("trafilatura-eval", "newspaper4k-pages", "readability-edge")
NO_DATA = (
    f"no evaluation data found: pass --data DIR or set {ENV_VAR} to the {DEFAULT_SET} folder "
    "(the other sets beside it)"
)
TUNING, VALIDATION = "a", "b"
_CHARSET = re.compile(rb'charset=["\']?([A-Za-z0-9_\-]+)')


def site_of(url: str | None, doc_id: str) -> str:
    """Return the site a page belongs to: its URL's host without "www.", else its id."""
    host = (urlsplit(url).hostname or "") if url and url != "None" else ""
    return host.removeprefix("www.") or doc_id


@dataclass(frozen=True, slots=True)
class EvalDoc:
    """One page of a set and its truth: snippets it must and must not contain, or the expected text."""

    doc_id: str
    url: str | None
    with_snippets: tuple[str, ...] = ()
    without_snippets: tuple[str, ...] = ()
    body: str | None = None  # the expected article text (sets scored with word 4-grams)

    @property
    def site(self) -> str:
        """Return the page's site (host without "www."; the id when the page has no URL)."""
        return site_of(self.url, self.doc_id)

    @property
    def half(self) -> str:
        """Return 'a' (tuning) or 'b' (validation): a fixed split by site, so a site is on one side only."""
        return TUNING if hashlib.sha256(self.site.encode()).digest()[0] % 2 == 0 else VALIDATION

    @property
    def snippet_truth(self) -> bool:
        """Say whether the page is scored with snippets (else with the expected text's word 4-grams)."""
        return self.body is None


def default_data_dir() -> Path:
    """Return $NEWSINGEST_EVAL_DIR, else ../shared/eval/trafilatura-eval beside the checkout."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    return eval_root() / DEFAULT_SET


def checkout_data() -> Path | None:
    """Return ../shared/eval beside the checkout this package runs from, if there is one and it exists."""
    here = Path(__file__).resolve()
    checkout = here.parents[3]
    # An installed package has no checkout around it: its parents say nothing about where data is.
    if here.parents[2].name != "src" or not (checkout / "pyproject.toml").is_file():
        return None
    data = (checkout / RELATIVE_ROOT).resolve()
    return data if data.is_dir() else None


def eval_root() -> Path:
    """Return the folder holding the evaluation sets: the default set's parent, else the checkout's data."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).parent
    data = checkout_data()
    if data is None:
        raise NewsingestError(NO_DATA)
    return data


def resolve_set(name_or_dir: str | Path) -> Path:
    """Return the folder of a set given by name (trafilatura-eval, …) or by path."""
    path = Path(name_or_dir)
    if str(name_or_dir) in SETS and not (path / "ground-truth.json").is_file():
        return eval_root() / str(name_or_dir)
    return path


def _url(value: object) -> str | None:
    return value if isinstance(value, str) and value and value != "None" else None


def load_dataset(data_dir: Path, limit: int = 0) -> list[EvalDoc]:
    """Return the documents of data_dir/ground-truth.json in file order (the first limit ones if > 0)."""
    with (data_dir / "ground-truth.json").open(encoding="utf-8") as f:
        truth = json.load(f)
    docs = [
        EvalDoc(
            doc_id=str(doc_id),
            url=_url(item.get("url")),
            with_snippets=tuple(item.get("with", ())),
            without_snippets=tuple(item.get("without", ())),
            body=None if "with" in item and "without" in item else str(item.get("articleBody") or ""),
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
