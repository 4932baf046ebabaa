"""The pipeline's extractor reads every template: title, date, language and the body's paragraphs."""

from tests.sitegen.client import fetch

from newsingest.extract import extract_article
from sitegen import SyntheticSite


def test_each_template_extracts(site: SyntheticSite) -> None:
    seen: dict[str, int] = {}
    for i in range(300):
        seen.setdefault(site.article(i).template, i)
    foreign = next(i for i in range(300) if site.entry(i).language != "en")
    for i in [*seen.values(), foreign]:
        article = site.article(i)
        url = site.article_url(i)
        extracted = extract_article(fetch(url).body, url)
        assert extracted is not None, article.template
        assert extracted.title == article.entry.title
        assert extracted.published_at == article.entry.published
        assert extracted.language == article.entry.language
        assert all(paragraph in extracted.text for paragraph in article.paragraphs), article.template
