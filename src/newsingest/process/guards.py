"""Checks around extraction: binary bodies, oversized pages, NUL bytes, mojibake and Unicode form."""

import re
import unicodedata

MAX_HTML_CHARS = 5_000_000  # no news article needs more; bigger pages are generated or hostile
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"RIFF")
CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
MAX_CONTROL_SHARE = 0.3
MAX_REPLACEMENT_SHARE = 0.01  # more U+FFFD than 1 in 100 characters: the decoding went wrong
# UTF-8 read as cp1252: "Ã©" for "é", "â€™" for "'" — repairable when the whole text round-trips.
MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]|â€[\u0080-\u00bf\u2018-\u201e\u2020-\u2122]")
MOJIBAKE_LEADS = ("Ã", "Â", "â")  # every MOJIBAKE match starts with one of these


# One character UTF-8 read as cp1252 (or Latin-1) left behind: the lead byte's character (C2-F4) and its
# continuation bytes' (80-BF), each as cp1252 shows it or, where cp1252 has none, as Latin-1 does.
_CONTINUATION = (
    "".join(sorted({bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0xC0)} - {""}))
    + "\u0080-\u00bf"
)
_RUN = re.compile(
    f"[\u00c2-\u00df][{_CONTINUATION}]|[\u00e0-\u00ef][{_CONTINUATION}]{{2}}"
    f"|[\u00f0-\u00f4][{_CONTINUATION}]{{3}}"
)


def _mojibake_share(text: str) -> float:
    bad = text.count("\ufffd") + (len(MOJIBAKE.findall(text)) if _may_have_mojibake(text) else 0)
    return bad / len(text) if text else 0.0


def _decoded_run(match: re.Match[str]) -> str:
    """Return the character a run of mis-read UTF-8 bytes stands for, or the run when it stands for none."""
    run = match.group()
    try:
        # C1 controls (U+0080-U+009F) are Latin-1's reading of bytes cp1252 leaves undefined.
        raw = b"".join(c.encode("latin-1" if c < "\u00a0" else "cp1252") for c in run)
        return raw.decode("utf-8")
    except UnicodeError:
        return run


def _may_have_mojibake(text: str) -> bool:
    # Substring tests scan fast; the regex tries a match at every character (~0.7 ms on a 50 KB page).
    return any(lead in text for lead in MOJIBAKE_LEADS)


class RejectedPageError(Exception):
    """A page that must become a failure instead of an article; args are (error_class, detail)."""

    def __init__(self, error_class: str, detail: str) -> None:
        """Keep the class and detail for the failures row."""
        super().__init__(error_class, detail)
        self.error_class = error_class
        self.detail = detail


def check_body(raw: bytes) -> None:
    """Raise RejectedPageError when raw is not text (binary served under an HTML content type)."""
    head = raw[:8192]
    if head.lstrip().startswith(BINARY_MAGIC):
        raise RejectedPageError("BinaryContent", "a binary file (PDF, image, archive), not HTML")
    if head and len(CONTROL.findall(head)) / len(head) > MAX_CONTROL_SHARE:
        raise RejectedPageError("BinaryContent", "the body is mostly control bytes, not HTML")


def check_html(html: str) -> str:
    """Return html without NUL characters; raise RejectedPageError when it is too big to extract safely."""
    if len(html) > MAX_HTML_CHARS:
        raise RejectedPageError("TooLarge", f"{len(html)} characters of HTML, more than {MAX_HTML_CHARS}")
    # libxml2 stops at a NUL and PostgreSQL text cannot hold one: they carry nothing a reader sees.
    return html.replace("\x00", "")


def repair_text(text: str) -> str:
    """Return text in NFC, undoing UTF-8-read-as-cp1252 mojibake: the whole text, else its runs."""
    if _may_have_mojibake(text) and MOJIBAKE.search(text):
        try:
            text = text.encode("cp1252").decode("utf-8")
        except UnicodeError:
            # Mixed text: part of the page double-encoded, part right (a CMS that re-encodes its own
            # fields). Repaired run by run only when check_text would reject it otherwise: a lone "ß"
            # before a no-break space reads as a run too, and must stay what it is in a sound page.
            if _mojibake_share(text) > MAX_REPLACEMENT_SHARE:
                text = _RUN.sub(_decoded_run, text)
    return unicodedata.normalize("NFC", text.replace("\x00", ""))


def check_text(text: str) -> None:
    """Raise RejectedPageError when text is mostly decoding debris (U+FFFD or unrepaired mojibake)."""
    if not text:
        return
    if (share := _mojibake_share(text)) > MAX_REPLACEMENT_SHARE:
        bad = round(share * len(text))
        raise RejectedPageError("Mojibake", f"{bad} replacement or mis-decoded characters in {len(text)}")
