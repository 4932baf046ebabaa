"""Canonical URLs on links we did not write: a clear BadURL for unusable ones, one stable form otherwise."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsingest.dedup import BadURL, canonical_url


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1/x",
        "http://example.com:99999/a",
        "https://example.com:port/a",
        "http://example.c[o.test/",
        "https://",
        "http:///path-without-host",
        "https://exa mple.com/a",
        "https://example.com/\ud800",
    ],
)
def test_unusable_url_raises_bad_url_naming_it(url: str) -> None:
    with pytest.raises(BadURL, match="unusable URL") as err:
        canonical_url(url)
    assert isinstance(err.value, ValueError)  # callers that catch ValueError keep working


def test_idn_hosts_become_punycode_and_percent_encoding_is_normalised() -> None:
    assert canonical_url("https://www.Bücher.de/ré") == "https://xn--bcher-kva.de/r%C3%A9"
    assert canonical_url("https://xn--bcher-kva.de/r%c3%a9") == "https://xn--bcher-kva.de/r%C3%A9"
    assert canonical_url("https://example.com/%7Euser/a/./b/../c") == "https://example.com/~user/a/c"


def test_tracking_session_userinfo_and_blank_values() -> None:
    assert canonical_url("https://u:p@example.com/a;jsessionid=F00?b&utm_source=x&UTM_Medium=y") == (
        "https://example.com/a?b="
    )
    assert canonical_url("https://example.com/a?q=a%20b&utm%5Fcampaign=z") == "https://example.com/a?q=a+b"
    assert canonical_url("http://[::1]:80/x") == "http://[::1]/x"


def test_stored_forms_of_ordinary_urls_do_not_change() -> None:
    # Databases hold canonical URLs made before w3lib: the common shapes must keep their old form.
    for url in (
        "https://americanmilitarynews.com/2022/01/2-suicide-drones-shot-down-while-trying-to-attack-us-troops-in-iraq/",
        "https://kurdistan24.net/en/story/26475-Coalition-forces-targeted",
        "http://127.0.0.1:8765/k24/2022/01/coalition-forces-targeted-by-suicide-drones-in-baghdad.html",
        "https://example.com/news?a=1&b=2",
        "https://example.com/",
    ):
        assert canonical_url(url) == url


URL_TEXT = st.one_of(
    st.text(max_size=80),
    st.builds(
        "".join,
        st.lists(
            st.sampled_from(
                [
                    "http://",
                    "https://",
                    "HTTPS://",
                    "www.",
                    "WWW.",
                    "example.com",
                    "Bücher.de",
                    "xn--bcher-kva.de",
                    "[::1]",
                    "[::1",
                    "]",
                    "127.0.0.1",
                    ":",
                    ":80",
                    ":443",
                    ":99999",
                    "@",
                    "u:p@",
                    "/",
                    "//",
                    "/./",
                    "/../",
                    ".",
                    "..",
                    "a",
                    "é",
                    "%",
                    "%2f",
                    "%7e",
                    "%C3%A9",
                    "%zz",
                    "?",
                    "&",
                    "=",
                    "+",
                    " ",
                    "#",
                    ";",
                    ";jsessionid=1",
                    "utm_source=x",
                    "utm%5Fsource=x",
                    "ref=",
                    "q=a b",
                    "\t",
                    "\x00",
                    "\ud800",
                    "ａ",
                ]
            ),
            max_size=14,
        ),
    ),
)


@settings(max_examples=1500, deadline=None)
@given(URL_TEXT)
@example("http://[::1/x")
@example("http://example.com:99999/")
@example("https://www.example.com//a/..//b/./c;sid=1?b=2&a=1&utm_source=x#f")
def test_canonical_url_raises_only_bad_url_and_is_idempotent(url: str) -> None:
    try:
        once = canonical_url(url)
    except BadURL:
        return
    assert canonical_url(once) == once
