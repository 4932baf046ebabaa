"""General line rules: promo, call-to-action and chrome lines that extractors leave in bodies.

Each rule matches a whole short line, anchored at its start, so that sentences of an article that
merely mention Telegram, newsletters or cookies are kept. Rules are data: a name and a regex.
"""

import re
from dataclasses import dataclass

MAX_RULE_WORDS = 30  # a promo line is short; a long line is prose even if it starts like a promo


@dataclass(frozen=True, slots=True)
class LineRule:
    """A named pattern; a line that matches it is dropped and counted under the name."""

    name: str
    pattern: re.Pattern[str]
    max_words: int = MAX_RULE_WORDS


def _rule(name: str, regex: str, max_words: int = MAX_RULE_WORDS) -> LineRule:
    return LineRule(name, re.compile(regex, re.IGNORECASE | re.UNICODE), max_words)


MESSENGERS = (
    r"(telegram|whatsapp|signal|viber|discord|youtube|google news|tiktok|instagram|facebook|x|twitter)"
)

GENERAL_RULES: tuple[LineRule, ...] = (
    _rule(
        "promo.follow_us",
        r"^(follow|like|find) us (on|at)\b|^(folgen sie uns|folge uns|suivez-nous|"
        r"síguenos|seguici|siga-nos|obserwuj nas)\b",
    ),
    _rule(
        "promo.join_channel",
        rf"^(join|subscribe to|follow) (us on |our )?(brand new |new |official )?"
        rf"(verified )?[\w&.\- ]{{0,30}}{MESSENGERS}( channel| group| account| page)?\b",
    ),
    _rule(
        "promo.newsletter",
        r"^(sign up|subscribe|register)( now)?( for| to)( our| the)?( free)?( daily| weekly)?"
        r" (newsletter|e-?mail|briefing|alerts?)\b|^(abonnieren sie|melden sie sich)\b.*newsletter|"
        r"^(inscrivez-vous|abonnez-vous)\b.*(newsletter|lettre)",
    ),
    _rule("promo.app", r"^(download|get|install) (our|the [\w ]{1,30}) app\b"),
    _rule(
        "promo.read_more",
        r"^(read more|read also|also read|see also|related|recommended|more on this|"
        r"more from|watch|listen|lesen sie auch|lesen sie mehr|mehr zum thema|auch interessant|"
        r"lire aussi|à lire aussi|a lire aussi|voir aussi|lee también|leer más|te puede interesar|"
        r"leggi anche|leia também|leia mais|czytaj (też|także|również|więcej)|zobacz (też|także))"
        r"\s*(:|»|>>|–|—|-)",
    ),
    _rule(
        "promo.share",
        r"^(share( this)?( article| story| post)?( on| via| with)?|tweet|pin it|e-?mail|print)"
        r"( this)?\s*(:|$)|^(teilen|partager|compartir|condividi|udostępnij)\s*(:|$)",
        6,
    ),
    _rule(
        "chrome.cookies",
        r"^(we|this (web)?site) uses? cookies\b|^(wir verwenden|diese (web)?seite "
        r"(verwendet|nutzt)) cookies\b|^(ce site utilise|nous utilisons) des cookies\b",
    ),
    _rule("chrome.author_image", r"^author[_ ]image\b", 8),
    _rule(
        "chrome.dateline",
        r"^(date|published|updated|posted|veröffentlicht|aktualisiert|publié)?\s*:?\s*"
        r"(\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|"
        r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|"
        r"\d{1,2}\.? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-zä]*\.? \d{4})"
        r"([ ,|–-]+\d{1,2}:\d{2}( ?[ap]\.?m\.?)?( [A-Z]{2,4})?)?( [\w&]+){0,2}$",
        8,
    ),
    _rule("chrome.photo_credit", r"^(photo|image|foto|bild|picture)( credit)?s?\s*:\s*\S", 15),
    _rule(
        "chrome.syndication",
        r"^(this (article|story|post|piece) (was )?(originally|first) (appeared|published|ran)|"
        r"(originally|first) (published|appeared) (on|in|by|at))\b",
        25,
    ),
    _rule(
        "chrome.comments",
        r"^(\d+ )?(comments?|leave a (comment|reply)|kommentare?|kommentieren|comentar(ios)?|commentaires?|"
        r"commenter|comment(i|a)|comentários|komentarze?|skomentuj|reacties|reageer)\s*(\(\d+\))?$",
        5,
    ),
)

# Headings that introduce links to other articles: dropped when the line is the heading alone.
RELATED_HEADINGS = (
    r"(read more|read also|also read|see also|related( articles| posts| stories| content)?|more stories|"
    r"recommended( for you)?|you (may|might) also like|more on this( story| topic)?|"
    r"lesen sie (auch|mehr|hier)|mehr zum thema|mehr themen|weitere (themen|artikel|beiträge|nachrichten)|"
    r"auch interessant|empfohlene (beiträge|artikel)|das könnte (sie|dich) auch interessieren|"
    r"à lire aussi|a lire aussi|lire aussi|voir aussi|sur le même sujet|"
    r"lee también|lea también|vea también|ver también|te puede interesar|noticias relacionadas|"
    r"leggi anche|potrebbe interessarti|leia também|veja também|"
    r"czytaj (też|także|również|więcej)|zobacz (też|także|również)|dowiedz się więcej|polecamy)"
)
NEWSLETTER_VERBS = r"(sign(ing)? up|subscribe|abonn|inscri|suscr|iscriv|anmeld|registr|zapisz|never miss)"

MORE_RULES: tuple[LineRule, ...] = (
    _rule("promo.read_more", rf"^{RELATED_HEADINGS}\s*(:|»|>>|–|—|-)?\s*$", 8),
    _rule("promo.read_more", rf"^(>>\s*)?{RELATED_HEADINGS}\s*(:|»|>>|–|—)"),
    _rule(
        "promo.newsletter",
        rf"^(?=.*\bnewsletter)(?=.*{NEWSLETTER_VERBS}).*|"
        rf"^{NEWSLETTER_VERBS}\w* (now|here|today|jetzt|hier)\b",
    ),
    _rule("promo.app", r"\bdownload (the|our) [\w' ]{0,40}\bapps?\b|\b(jetzt|hier) (die )?app\b"),
    _rule(
        "promo.follow_us",
        r"^(follow|like) [\w@&.' ]{1,40} on (twitter|facebook|instagram|linkedin|tiktok|x)\b|"
        r"^(síguenos|suivez-nous|folgen sie uns|seguici|obserwuj nas) ",
    ),
    _rule(
        "promo.support",
        r"^(if you (enjoyed|liked|value)|support (our|us)|unterstützen sie|wesprzyj|soutenez)\b"
        r"(?=.*\b(support|donat|spende|abo|wesprzyj|soutenir|click|klick))",
        40,
    ),
    _rule("chrome.advertising", r"^(anzeige|advertisement|werbung|publicidad|pubblicità|reklama)\b", 12),
    _rule(
        "chrome.photo_credit",
        r"^(fot\.|fotos?|photos?|crédits? photos?|credits?|titelbild|beitragsbild|bildquelle|bildnachweis|"
        r"image illustrative|imagen|zdjęcie|foto de portada)\s*[:.]\s*\S",
        15,
    ),
    _rule(
        "chrome.copyright",
        r"^(©|\(c\) ?\d{4}|copyright\b)|\ball rights reserved\b|\balle rechte vorbehalten\b|"
        r"\btous droits réservés\b|\btodos los derechos reservados\b|^materiał chroniony prawem autorskim",
        25,
    ),
    _rule(
        "chrome.login",
        r"^(sie sind|du bist) (aktuell |derzeit |noch )?nicht (eingeloggt|angemeldet)|"
        r"^(du musst|sie müssen) (eingeloggt|angemeldet)|^you (must|need to) (be )?log(ged)? ?in\b",
        25,
    ),
    _rule(
        "chrome.reading_time",
        r"^(\d+ ?min(ute)?s?\.? read|(lesezeit|reading time|temps de lecture|tiempo de lectura)\s*:?\s*\d|"
        r"ten tekst przeczytasz)",
        10,
    ),
    _rule(
        "chrome.last_modified",
        r"^(letzte änderung|zuletzt (aktualisiert|geändert)|last (modified|updated)|"
        r"dernière mise à jour|última actualización)\s*:?\s*\d",
        10,
    ),
    _rule(
        "chrome.comments",
        r"^(keine kommentare|no comments( yet)?|be the first to comment|kommentare insgesamt)\b",
        12,
    ),
    _rule(
        "chrome.contents", r"^(inhaltsverzeichnis|table of contents|contents|sommaire|índice|spis treści)$", 3
    ),
    _rule("chrome.tags", r"^(kategorien?|categor(y|ies)|temas|schlagworte|tagi|rubriken?)\s*:", 40),
)

# Lines of the blocks around an article: "more from us" headings and lead-ins, contact and further-
# information headings, UI labels, paywall, licence and availability notes. Each matches the line alone
# or its lead-in, so prose that merely contains the words is kept.
MORE_FROM_US = (
    r"(das|dieses|diese) (thema|themen|artikel|beiträge?) (könnte|könnten) (dich|sie|euch) (auch )?"
    r"interessieren|zum weiterlesen|lesen sie auch( die folgenden| diese)?( beiträge| artikel)?|"
    r"schon gelesen\??|auch lesen|weitere (beiträge|artikel|themen|tipps|tourentipps|aktuelle themen|"
    r"nachrichten|news)\b[\w ]{0,40}|mehr zum thema\b[\w .]{0,30}|top[- ]themen\b[\w ]{0,30}|"
    r"kommentierte artikel|meist ?gelesen|vorschau auf den nächsten artikel|"
    r"more (stories|articles|news) (from|on|about)\b[\w ]{0,30}|most (read|popular)|"
    r"plus d'articles|les plus lus|más leídas|lo más leído"
)

BLOCK_RULES: tuple[LineRule, ...] = (
    _rule("promo.read_more", rf"^({MORE_FROM_US})\s*(:|\?)?\s*$", 10),
    _rule(
        "promo.read_more",
        r"^(auch lesen|lesen sie auch|lea también|lea|mira|puedes ver|ver también|lee también|"
        r"read also|also read|see also)\s*:",
    ),
    _rule(
        "promo.newsletter",
        r"\b(sign up|subscribe|register|anmelden|registrieren|abonnieren|inscrivez-vous|suscríbete)"
        r" (here|now|hier|jetzt|ici|aquí)[.!]?$",
        20,
    ),
    _rule(
        "promo.paywall",
        r"^(pour (lire|accéder|continuer)( la suite| en illimité)?|abonnez-vous pour|réservé aux abonnés|"
        r"to (continue|keep) reading|weiterlesen mit|jetzt weiterlesen)\b",
        10,
    ),
    _rule(
        "chrome.ui_label",
        r"^(bild anzeigen|bild vergrößern|vergrößern|show image|view image|enlarge image|zoom|"
        r"galerie öffnen|open gallery|play video|video abspielen|voir l'image|ver imagen)$",
        4,
    ),
    _rule(
        "chrome.contact",
        r"^(kontakt|contact|pressekontakt|press contact|media contact|ansprechpartner(in)?( zum thema)?|"
        r"telefon|tel\.?|fax|phone|téléphone|teléfono)\s*:",
        8,
    ),
    _rule(
        "chrome.more_info",
        r"^(weitere informationen|weitere infos|more information|further information|más información|"
        r"plus d'informations|zusatzinformationen)( zu[\w ]{0,40}| on[\w ]{0,40})?\s*:?\s*$",
        8,
    ),
    _rule("chrome.sources", r"^(quellen|quellenangaben|sources|fuentes|références|references)\s*:?\s*$", 3),
    _rule(
        "chrome.disclaimer",
        r"^\(?(alle angaben ohne gewähr|angaben ohne gewähr|all information without guarantee|"
        r"sans garantie|sin garantía)\)?\.?$",
        8,
    ),
    _rule("chrome.license", r"\b(creative commons|cc[- ]by(-sa|-nd|-nc)*)\b", 30),
    _rule(
        "chrome.availability",
        r"^(video|audio|sendung|podcast|stream)s? (ist )?(verfügbar|available|disponible)s? "
        r"(bis|until|jusqu'au|hasta)\b",
        12,
    ),
    _rule("chrome.standards", r"^(our standards|unsere standards|nos standards)\s*:", 15),
)

# Prompts of the account and subscription chrome, in the scripts whose lines are not word-spaced
# (Japanese "有料会員になると…", "＞ ログイン", Chinese "登录/注册", Korean "로그인/회원가입") and the
# invitations that close articles in other languages. Short lines only: article prose that mentions
# membership or registration is longer than a prompt.
ACCOUNT_RULES: tuple[LineRule, ...] = (
    _rule(
        "promo.account",
        r"^[^。．.!?！？]{0,12}(会員|ログイン|ログアウト|購読|新規登録|登録が必要|有料プラン|無料プラン|"
        r"電子版に登録|登录|注册|订阅|訂閱|登入|로그인|회원가입|구독)",
        40,
    ),
    _rule(
        "promo.account",
        r"(会員限定|有料会員|会員の方|会員登録|会員になると|続きをお読み|詳しくはこちら|こちらをご覧|"
        r"登录后|注册后|订阅后|로그인 후|구독하고)",
        40,
    ),
    _rule(
        "promo.read_more",
        r"^(MORE|ALSO|RELATED|WATCH|READ|LISTEN|SEE ALSO|MEHR|AUSSI|MÁS|VEA|LEA)\s*:",
        30,
    ),
    _rule(
        "promo.read_more",
        r"^(le puede interesar|le podría interesar|también le puede interesar|más sobre|mas sobre|"
        r"lust auf mehr|got a story|have a story|do you have a story|tips?\?|know more\?|"
        r"ti potrebbe interessare|vous aimerez aussi|à voir aussi|a voir aussi)\b",
        30,
    ),
)

# "Hace 28 minutos", "2 hours ago", "vor 3 Stunden", "il y a 2 heures", "3時間前": the stamps of reader
# comments (an article dates itself absolutely). A line that is such a stamp, maybe with a name.
RELATIVE_TIME = re.compile(
    r"^(?:[\w.@' -]{0,40}\s)?(?:"
    r"hace (?:\d+|una?|un) (?:segundos?|minutos?|horas?|días?|semanas?|mes(?:es)?|años?)|"
    r"(?:\d+|an?|one) (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago|"
    r"vor (?:\d+|einer?|einem) (?:sekunden?|minuten?|stunden?|tag(?:en)?|wochen?|monat(?:en)?|jahr(?:en)?)|"
    r"il y a (?:\d+|une?) (?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?)|"
    r"(?:\d+|un[ao]?) (?:minut[oi]|or[ae]|giorn[oi]|settiman[ae]|mes[ei]|ann[oi]) fa|"
    r"há (?:\d+|uma?) (?:minutos?|horas?|dias?|semanas?|meses|anos?)|"
    r"\d+ (?:minut[ay]?|godzin[ay]?|dni|dzień|tygodni[ea]?) temu|"
    r"\d+ (?:minuten|uur|dagen|weken) geleden|"
    r"\d+\s?(?:分|時間|日|週間|か月|ヶ月|年)前|\d+\s?(?:分钟|小时|天|周|个月|年)前"
    r")\.?$",
    re.IGNORECASE,
)
MIN_THREAD_STAMPS = 3  # fewer relative stamps are a live blog's or a teaser's, not a comment thread

TAGS_LINE = _rule(
    "chrome.tags", r"^(tags?|topics?|keywords|filed under|schlagwörter|themen|mots-clés|etiquetas)\s*:", 40
)

# A caption's trailing credit: "(Photo: AFP/Handout)", "(Cpl. Jane Doe/U.S. Marine Corps)". A bare
# "(A/B)" needs a space on one side: "(Whitelist/Blacklist)." ends ordinary sentences.
CREDIT_TAIL = re.compile(
    r"\((?:(?:photo|foto|image|bild|picture|credit|source)s?\b[^()]{0,120}|"
    r"[^()/]{0,60} [^()/]{0,60}/[^()]{2,60}|[^()/]{2,60}/[^()]{0,60} [^()]{0,60})\)\s*\.?$",
    re.IGNORECASE,
)
