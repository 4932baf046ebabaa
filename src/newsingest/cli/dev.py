"""Commands for trying newsingest and writing cleaning rules: demo, extract, eval."""

import json
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import typer

from newsingest.cli.args import configured_sources
from newsingest.cli.database import upgraded_database
from newsingest.errors import NewsingestError


def demo(
    keep_serving: bool = typer.Option(False, help="Keep the demo site up after the run (Ctrl-C stops)."),
) -> None:
    """Serve the bundled demo news site on 127.0.0.1 and ingest it into the configured database."""
    from urllib.parse import urlsplit

    import yaml

    from newsingest.cli.data import print_articles
    from newsingest.cli.run import crawl_ahead, run_flow
    from newsingest.demo import DemoSite
    from newsingest.sources import select_sources

    demo_source = select_sources(configured_sources(), ["demo"])[0]
    database_url = upgraded_database()
    # The demo keeps the address its source names (its articles' URLs, their keys) wherever it listens.
    origin = demo_source.base_url
    with DemoSite(port=urlsplit(origin or "").port or 0, origin=origin) as site:
        if site.moved:
            typer.echo(f"port {site.preferred_port} is taken; serving the demo on 127.0.0.1:{site.port}")
        else:
            typer.echo(f"demo site serving on {site.base_url}")
        # The crawl asks for the origin's URLs through the demo server, whichever port that got.
        served = demo_source.model_copy(update={"proxy": site.base_url}) if origin else None
        demo_source = served or demo_source.with_base_url(site.base_url)
        sources_file = Path("data", "demo-sources.yaml")
        sources_file.parent.mkdir(parents=True, exist_ok=True)
        sources_file.write_text(
            yaml.safe_dump({"sources": [demo_source.model_dump(mode="json")]}), encoding="utf-8"
        )
        with crawl_ahead():
            run_flow("ingest", ["demo"], sources=["demo"], sources_file=str(sources_file), kind="manual")
        print_articles("demo", 20)
        _print_next_steps(database_url)
        if keep_serving:
            typer.echo(f"demo site still serving on {site.base_url}; Ctrl-C to stop")
            while True:  # Ctrl-C or SIGTERM ends it (exit 130 or 143)
                time.sleep(3600)


def _print_next_steps(database_url: str) -> None:
    """Say where the articles went and what to try next."""
    from newsingest.config import redact_url, sqlite_path
    from newsingest.db.engine import get_engine
    from newsingest.queries import latest_articles

    newest = latest_articles(get_engine(database_url), "demo", 1)
    steps = (
        ("newsingest articles --source demo", "the newest articles, ids first"),
        (
            f"newsingest show {newest[0].id if newest else 'ID'}",
            "one article in full: text, versions, copies",
        ),
        ("newsingest status", "each source's last run, new articles and failures"),
    )
    written = sqlite_path(database_url)
    where = f"{written.absolute()} ({database_url})" if written else redact_url(database_url)
    typer.echo(f"\nThe articles are stored in {where}. Try next:")
    width = max(len(command) for command, _ in steps)
    for command, what in steps:
        typer.echo(f"  {command:<{width}}  {what}")


def extract(
    target: str = typer.Argument(
        ..., metavar="FILE_OR_URL", help="A saved page (.html or .html.gz) or a URL."
    ),
    source: str = typer.Option(None, "--source", "-s", help="Apply this source's cleaning rules."),
    url: str = typer.Option(None, help="The page's URL, when TARGET is a file."),
) -> None:
    """Print the extracted article of one page as JSON (for writing cleaning rules)."""
    from newsingest.config import get_settings
    from newsingest.page_input import read_page
    from newsingest.sources import select_sources

    rules = select_sources(configured_sources(), [source])[0].rules if source else None
    settings = get_settings()
    page = read_page(
        target,
        user_agent=settings.user_agent,
        timeout=settings.download_timeout,
        max_size=settings.download_maxsize,
    )
    from w3lib.encoding import html_to_unicode

    from newsingest.extract import extract_article

    html = html_to_unicode(page.content_type, page.body)[1]
    article = extract_article(html, url=url or page.url, rules=rules)
    if article is None:
        raise NewsingestError(f"{target}: no article text found")

    def encode(value: object) -> str:
        return value.isoformat() if isinstance(value, datetime) else str(value)

    fields = asdict(article) | {"word_count": article.word_count}
    typer.echo(json.dumps(fields, default=encode, ensure_ascii=False, indent=2))


def evaluate(
    data: str = typer.Option(
        "all",
        help="A set (trafilatura-eval, newspaper4k-pages, readability-edge), a folder, "
        "'metadata' (the hand-labelled pages only) or 'all'. Sets named are found beside "
        "$NEWSINGEST_EVAL_DIR (the trafilatura-eval folder), else in ../shared/eval beside a checkout.",
    ),
    limit: int = typer.Option(0, min=0, help="Score only the first N pages of each set (0: all)."),
    jobs: int = typer.Option(2, min=1, help="Worker processes."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    stories: bool = typer.Option(
        False,
        "--stories",
        help="Score near-copies and stories on the labelled set instead (pages from --data).",
    ),
) -> None:
    """Score extract_article beside trafilatura on the evaluation sets: tuning part a, validation part b."""
    if stories:
        if limit:
            raise NewsingestError("--limit counts pages of the extraction sets; --stories scores every item")
        _evaluate_stories(data, jobs, as_json)
        return
    from newsingest.evaluation import run_eval
    from newsingest.evaluation.dataset import SETS, eval_root, resolve_set
    from newsingest.evaluation.labels import format_metadata, run_metadata_eval
    from newsingest.evaluation.table import format_report

    if data == "all":
        folders = [eval_root() / name for name in SETS]
    else:
        folders = [] if data == "metadata" else [resolve_set(data)]
    for folder in folders:
        if not (folder / "ground-truth.json").is_file():
            raise NewsingestError(f"no evaluation set at {folder} (ground-truth.json missing)")
    reports = [run_eval(folder, limit=limit, jobs=jobs) for folder in folders]
    metadata = run_metadata_eval() if data in ("all", "metadata") else None
    if as_json:
        payload = {"sets": {r.name: r.as_dict() for r in reports}}
        if metadata is not None:
            payload["metadata"] = metadata.as_dict()
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    tables = [format_report(r) for r in reports] + ([format_metadata(metadata)] if metadata else [])
    typer.echo("\n\n".join(tables))


def _evaluate_stories(data: str, jobs: int, as_json: bool) -> None:
    """Print pairwise and B-cubed scores of near-copies and stories on the labelled set, per part."""
    from newsingest.evaluation.story_scores import run_story_eval
    from newsingest.evaluation.story_set import data_root, missing
    from newsingest.evaluation.story_table import format_stories

    root = data_root(data)
    problem = missing(root)
    if problem:
        raise NewsingestError(problem)
    scores = run_story_eval(root, jobs)
    if as_json:
        typer.echo(json.dumps({"stories": {part: s.as_dict() for part, s in scores.items()}}, indent=2))
        return
    typer.echo(format_stories(scores))
