"""Extraction worker: `python -m newsingest.process.worker`, extracting pages sent over stdin.

Only its parent (newsingest.process.bounded) talks to it, so the pickled messages are trusted. A message
is a PageJob (a stored page, answered with its loader row or failure) or the arguments of extract_article.
"""

import os
import sys

from newsingest.process.messages import receive, send


def main() -> int:
    """Serve extraction requests until stdin closes."""
    from newsingest.extract import extract_article
    from newsingest.process.job import PageJob, run_job

    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # stray prints must not corrupt the message stream
    send(sink, ("ready",))
    while True:
        try:
            message = receive(source)
        except EOFError:
            return 0
        try:
            if isinstance(message, PageJob):
                send(sink, ("ok", run_job(message)))
            else:
                html, url, rules, hint = message
                send(sink, ("ok", extract_article(html, url=url, rules=rules, hint_published_at=hint)))
        except Exception as exc:  # the parent records it as the page's failure
            send(sink, ("error", type(exc).__name__, str(exc) or type(exc).__name__))


if __name__ == "__main__":
    code = main()
    # Every answer is sent and nothing else is held: skip the interpreter's teardown of lxml, trafilatura
    # and langdetect (about 0.5 s that the parent, closing its pool, would wait for each worker).
    sys.stderr.flush()
    os._exit(code)
