"""Pure parsers for what users type: SSNs, dates of birth, emails, codes, usernames.

The identity rules (SSN, date of birth, one-time code, username) are `pii.identity`'s,
the same the backend applies: these are thin readers of a chat message on top of it.
Nothing here logs or echoes its input.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterator

from pii import identity
from pii.spoken import as_digits

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
PHONE_RE = re.compile(r"(?<!\d)(?:\+?1[\s.-]?)?\(?(\d{3})\)?[\s.-]?(\d{3})[\s.-]?(\d{4})(?!\d)")
# A password-looking token: mixed letters and digits plus a symbol, or typed after "password".
PASSWORD_HINT_RE = re.compile(r"\bpass(word|wd|code)?\b", re.IGNORECASE)

US_STATES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY", "PR",
}
STATE_NAMES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA",
    "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA",
    "kansas": "KS", "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD",
    "massachusetts": "MA", "michigan": "MI", "minnesota": "MN", "mississippi": "MS",
    "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY",
    "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK",
    "oregon": "OR", "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC",
    "south dakota": "SD", "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT",
    "virginia": "VA", "washington": "WA", "west virginia": "WV", "wisconsin": "WI",
    "wyoming": "WY",
}


def parse_ssn(text: str) -> str | None:
    """The SSN as ddd-dd-dddd (ASCII) if the text holds exactly one, and it keeps the rules."""
    found = identity.find_ssns(text)
    if len(found) != 1 or found[0].value is None:
        return None
    return identity.format_ssn(found[0].value)


def ssn_refusal(text: str) -> str | None:
    """Why the text's one SSN-shaped number is refused (`ssn_never_issued`), if it is."""
    found = identity.find_ssns(text)
    return found[0].error if len(found) == 1 else None


def looks_like_ssn(text: str) -> bool:
    return bool(identity.find_ssns(text))


def parse_date_of_birth(text: str) -> str | None:
    """The first plausible date of birth in the text, ISO: 04/12/1985, 4-12-85, 1985-04-12,
    April 12 1985, 12 April 1985, in any digit script."""
    for found in identity.find_dates_of_birth(text):
        if found.value is not None:
            return found.value
    return None


def date_of_birth_refusal(text: str) -> str | None:
    """Why the text's date is refused (`dob_future`, `dob_too_young`...), if it is."""
    found = identity.find_dates_of_birth(text)
    return found[0].error if found and parse_date_of_birth(text) is None else None


def looks_like_date_of_birth(text: str) -> bool:
    return bool(identity.find_dates_of_birth(text))


def parse_code(text: str) -> str | None:
    """A 6-digit one-time code (spaces or a dash in the middle are tolerated)."""
    found = identity.find_codes(text)
    return found[0].value if len(found) == 1 else None


def parse_email(text: str) -> str | None:
    m = EMAIL_RE.search(text or "")
    return m.group(0).strip(".").lower() if m else None


def just_an_email(text: str) -> bool:
    """The text is one email address and nothing else ("blind07e6430c@example.org")."""
    token = single_token(text)
    return bool(token) and parse_email(token) == token.strip(".").lower()


def single_token(text: str) -> str | None:
    """The text if it is one word (what a username looks like), else None."""
    t = (text or "").strip().strip(".!,").strip("\"'`")
    if not t or len(t.split()) != 1:
        return None
    return t


def parse_username(text: str) -> str | None:
    """The username in the form the backend stores it (folded to ASCII), if it is one."""
    try:
        return identity.parse_username(text)
    except identity.IdentityError:
        return None


# A username named inside a longer message: "my username is jsmith2", "username: j.smith",
# "her username is x", "user jsmith2", "use jsmith2 as the username", "for the username
# can I do jsmith2?". The token must look like a username, not like a word of the sentence.
_TOKEN = r"[\"'`]?(?P<name>[A-Za-z][A-Za-z0-9._\-]{2,40}?)[\"'`]?(?=$|[\s,;:!?)]|\.(?:\s|$))"
# "The username she wrote on the sticky note is jsmith2", "the username on my note is
# jsmith2": a few words about the username between it and its "is". They stop at the end of a
# sentence, at "and", "but"... and at another field's name ("my username doesn't work and my
# password is ..."). After "she wrote" (`told`) the name may be a plain word when it ends the
# sentence; after other words (`aside`: "the username on my account is disabled") only a name
# no word could be. (Words, not names: "username jsmith2 is what I use" names jsmith2.)
_ASIDE_WORD = (r"(?!(?:is|was|and|but|or|so|because|then|password|passcode|e-?mail|code|pin|"
               r"phone|number)\b)(?:[^\W\d_]|['\u2019-])+")
_ABOUT_THE_NAME = (
    r"|\s+(?P<told>(?:(?:that|which)\s+)?(?:i|we|she|he|they|you)(?:\s+" + _ASIDE_WORD
    + r"){1,7}?)\s+(?:is|was)(?:\s*:)?"
    r"|(?P<aside>(?:\s+" + _ASIDE_WORD + r"){1,7}?)\s+(?:is|was)(?:\s*:)?")
_NAMED_ANYWHERE = (
    re.compile(r"\b(?:user|usr|uesr)\s*(?:name|nme|nam|id)\b(?P<said>['\u2019]s|,?\s+(?:it'?s|it\s+is)|\s+(?:which|that)\s+(?:i|we|she|he)\s+(?:have\s+|'ve\s+|has\s+)?(?:chosen|chose|picked|want|like|use)\s+(?:is|will\s+be)|\s+(?:is|es|was|will\s+be|would\s+be|should\s+be|can\s+be|could\s+be|to\s+be|of)"
               r"|\s+(?:can|could|may)\s+(?:i|we|she|he)\s+(?:do|use|have|get|pick|be)"
               r"|\s+(?:i|we|she|he)(?:\s+|(?='))(?:like|want|prefer|would\s+like|'d\s+like|chose|picked|"
               r"choose|use)(?:\s+(?:is|will\s+be|would\s+be|should\s+be)|\s*[:=])?"
               + _ABOUT_THE_NAME + r"|\s*[:=])?\s*" + _TOKEN, re.IGNORECASE),
    re.compile(r"\b(?:use|pick|choose|take|want|like|go\s+with)\s+" + _TOKEN
               + r"\s+(?:as|for)\s+(?:my|the|her|his|a)?\s*user\s*name", re.IGNORECASE),
    # "blind3b6 is my user name and my email is ..."
    re.compile(r"(?:^|[.,;!?]\s*|\b(?:and|it'?s)\s+)" + _TOKEN
               + r"\s+(?:is|was)\s+(?:my|her|his|the|our)\s+(?:user|usr)\s*name\b", re.IGNORECASE),
    re.compile(r"\buser\s+(?:is\s+|:\s*)?" + _TOKEN, re.IGNORECASE),
    # "ok going with jsmith2", "I'll take j.smith": only a name with a digit, a dot, a dash or
    # an underscore
    re.compile(r"\b(?:go(?:ing)?\s+with|i'?ll\s+(?:take|use|go\s+with)|let'?s\s+(?:do|use|go\s+with)|"
               r"i\s+(?:choose|pick|want|'d\s+like|would\s+like))\s+" + _TOKEN, re.IGNORECASE),
    # "ok bet then jsmith2", "alright so jsmith2": fillers, then the name alone at the end
    re.compile(r"^\W*(?:(?:ok(?:ay)?|k|bet|cool|alright|aight|fine|sure|great|then|so|um+|uh+|"
               r"and|yeah|yes|perfect|got\s+it)[\s,.!]+)+" + _TOKEN + r"\W*$", re.IGNORECASE),
    # "found it, it's jsmith2": only a name with a digit, a dot, a dash or an underscore
    re.compile(r"\b(?:it'?s|it\s+is|that'?s)\s+" + _TOKEN, re.IGNORECASE),
    # "Can you tell me what schools show up on my education records?! jsmith2": a username
    # (digit, dot, dash or underscore in it) standing alone after the sentence, at the end
    re.compile(r"(?<=[.?!])\s+[\"'`]?(?P<name>[A-Za-z][A-Za-z0-9._\-]{2,40}?)[\"'`]?[.!]?\s*$"),
    # "sign in blind8474ad63", "blindb3a86442 - sign in": the name beside the request alone
    # (only a name with a digit, a dot, a dash or an underscore)
    re.compile(r"^\W*(?:please\s+)?(?:sign|log)\s*(?:me\s+)?(?:in|on)\s+(?:as\s+|with\s+)?[:\-]?\s*"
               + _TOKEN + r"\W*$", re.IGNORECASE),
    re.compile(r"^\W*" + _TOKEN + r"\s*[-:,]?\s*(?:please\s+)?(?:sign|log)\s*(?:me\s+)?(?:in|on)\b"
               r"(?:\s+please)?\W*$", re.IGNORECASE),
)
# Words that follow "username" in a sentence without being one ("my username is
# probably...", "username and password").
_NOT_A_NAME = frozenset("""
a an the and or but is was it its it's i i'm me my mine you your yours she her he his we our
they their this that these those what which who for to of on in at with from by as if so
not no yes please thanks thank probably maybe think thought remember forgot forget lost
again too also just still already now then there here help reset change recover find
right correct wrong fine ok okay good valid invalid taken available working broken same
different new old blank empty locked down up out off away somewhere anymore handy
expired disabled deactivated suspended required incorrect missing gone unknown
""".split())


def _named_usernames(text: str, patterns: tuple[re.Pattern[str], ...] = _NAMED_ANYWHERE,
                     ) -> Iterator[tuple[re.Match[str], str]]:
    """Each place `text` names a username explicitly, with the username."""
    for pattern in patterns:
        for m in pattern.finditer(text or ""):
            name = m.group("name").rstrip("._-")
            if name.lower() in _NOT_A_NAME:
                continue
            plain = not username_shaped(name)
            if plain and pattern in _NAMED_ANYWHERE[3:]:
                continue  # "user friendly" is not a username; "user jsmith2" is
            if plain and pattern is _NAMED_ANYWHERE[0] and (
                    m.group("aside") is not None
                    or ((m.group("told") is not None or not m.group("said"))
                        and not _ends_sentence(text, m.end()))):
                # "the username field is empty", "the username on my account is disabled";
                # but "username jsmith." and "the username she gave me is jsmith" are ones
                continue
            candidate = parse_username(name)
            if candidate:
                yield m, candidate


def _ends_sentence(text: str, at: int) -> bool:
    return bool(re.match(r"\s*(?:[.;!?]|$)", text[at:]))


# "my username is jsmith2", "her user name: j.smith" (one they have, not one they choose)
HAS_USERNAME = re.compile(r"\b(my|her|his|our|mi)\s+(?:user|usr)\s*name\s*(?:is|es|was|:)",
                          re.IGNORECASE)


def named_username(text: str) -> str | None:
    """The username a longer message names explicitly, wherever it stands, or None."""
    return next((name for _, name in _named_usernames(text)), None)


# What may stand before a named username and goes with it: "my username is", "and her user
# name:", "Username".
_OWNER = re.compile(r"(?:\b(?:and\s+)?(?:my|her|his|their|our|the)\s+)?$", re.IGNORECASE)


# "my email is x@y.org", "the email: x@y.org", "x@y.org"
_NAMED_EMAIL = re.compile(
    r"(?:\b(?:and\s+)?(?:my|her|his|the|our)\s+)?(?:\be-?mail(?:\s+address)?\s*(?:is|:|=)?\s*)?"
    + EMAIL_RE.pattern + r"\.?", re.IGNORECASE)


def without_named_username(text: str) -> str:
    """`text` without the phrases that give a username with the word "user" ("My username is
    jsmith2.", "username jsmith2", "use jsmith2 as the username") or an email address ("my
    email is j@example.org"), so that what the message asks is read without made-up words
    in it. A message that is nothing else is returned as it is."""
    out = _NAMED_EMAIL.sub(" ", text or "")
    out = re.sub(r"\s{2,}", " ", out).strip()
    while True:
        found = next(_named_usernames(out, _NAMED_ANYWHERE[:4]), None)
        if found is None:
            break
        m = found[0]
        owner = _OWNER.search(out[:m.start()])
        start = m.start() - (len(owner.group(0)) if owner else 0)
        out = (out[:start].rstrip(" ,;:") + " " + out[m.end():].lstrip(" .,;:")).strip()
    return out if re.search(r"\w", out) else (text or "")


# A username typed among the words of a longer message without the word "user": "blind5a70873f
# wanna apply sub", "I am blind767ee6d7.", "coachk55, email j@example.org", "Can I use
# newusere15dee58? (it's my new married name)", "she's signed out, blind5a8410e3". Only a
# token no word could be: it starts with a letter and has letters and digits.
_LONE_TOKEN = re.compile(r"(?<![\w@/\\.-])[A-Za-z][A-Za-z0-9._-]{0,60}(?![\w@/\\])")
# What else people type with letters and digits: "K12", "W2", "Q3", "Rm204", "No.5", "v2.0"
# (one or two letters and a number); "K-12", "I-9", "W-2", "MO-2024", "R-7", "COVID-19",
# "mid-40s" (a name, a dash, a number); a word and its number: "Praxis5001", "COVID19",
# "Apt3", "Hwy63", "Grade4", "Grades9-12", "Spring2024", "Section504", "Office365", "Gr4th".
_NUMBER = r"\d+(?:[.-]\d+)*(?:st|nd|rd|th|[a-z])?"
NUMBERED_WORDS = frozenset("""
praxis mogea mcea mega act sat gre toefl edtpa plt test exam core covid sars
apt apartment unit ste suite rm room bldg building fl floor hwy highway rt rte route box lot
po hall st ave rd dr hw cr co us sr pre prek pk kg grade grades gr level lvl tier step year
yr years class cohort section sec period lesson chapter ch week wk day module mod page pg
part quarter semester sem term phase title form rule rsmo sb hb id num nbr ref case ticket
order invoice conf confirmation version ver math ela sped ece win windows office microsoft
ios iphone ipad android
jan feb mar apr jun jul aug sep sept oct nov dec january february march april may june july
august september october november december spring summer fall autumn winter fy sy ay
""".split())
_NOT_A_USERNAME = re.compile(
    r"[a-z]{1,2}[.-]?" + _NUMBER + r"|[a-z]+-" + _NUMBER
    + r"|(?:" + "|".join(sorted(NUMBERED_WORDS, key=len, reverse=True)) + r")[.-]?" + _NUMBER,
    re.IGNORECASE)
# The token is another field's: "my password is Summer2024", "pw: abc123", "code abc123", "my
# ID is ab1234", "email jsmith2 at gmail dot com" (named before it); "Summer2024 is my old
# password", "jsmith2 at gmail dot com" (after it)
_ANOTHER_FIELD = re.compile(r"\b(?:pass(?:word|wd|code)?|pw|pin|code|id|number|num|ssn|e-?mail)"
                            r"[\s:=\"'`]{1,4}(?:(?:is|was)[\s:=\"'`]{1,4})?$", re.IGNORECASE)
_ANOTHER_FIELD_AFTER = re.compile(
    r"\s+(?:(?:is|was|as)\s+(?:my|her|his|the|our)\s+(?:old\s+|new\s+|current\s+)?"
    r"(?:pass(?:word|wd|code)|pw|pwd)\b|at\s+[a-z0-9-]+\s*(?:\.|\bdot\b)\s*[a-z]{2,})",
    re.IGNORECASE)
# "it might be Tigers2024!", "I think it was Hangang2019!": a password guessed at (a word
# written with its capital, then digits and a symbol); a message about a password ("forgot
# my pw", "olvidé el password"; not "did I pass"), where a password typed is one with a
# capital ("I think it was Hangang2019"), a username one in lower case ("blind767ee6d7")
_GUESSED_PASSWORD = re.compile(r"[A-Z][a-z]+\d+[!#$%^&*+=~]")
_OF_A_PASSWORD = re.compile(r"\b(?:pass\s*(?:word|wd|code)|pw|pwd)s?\b", re.IGNORECASE)
# "www.site2.com", "https://x.org/abc123", "dese.mo.gov": web addresses
_WEB_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+|\b\S+\.(?:com|org|net|edu|gov|us|io|info)"
                          r"\b\S*", re.IGNORECASE)


def lone_username(text: str, *, asked: bool) -> str | None:
    """The one username-shaped token of a message that does not say "username" ("I am
    blind767ee6d7", "blind5a70873f wanna apply sub"), or None: a token that starts with a
    letter, has letters and digits, is a valid username and is nothing else people type with
    digits (a grade, a test, a form, an address, a code, a password, an email, an acronym in
    capitals: "COVID19", "LBS1"). When the username was not `asked` for (a first message),
    only one of five characters or more with three letters. Never in a message that guesses
    a password ("it might be Tigers2024!"), and only in lower case in a message about a
    password. Two different ones: None."""
    plain = _WEB_ADDRESS.sub(" ", EMAIL_RE.sub(" ", text or ""))
    # (asked or not: "Shall I tell you my old password? I think it was Hangang2019!" where a
    # reset asks for the username is a password, never a username to send anywhere)
    of_a_password = bool(_OF_A_PASSWORD.search(plain))
    shouting = not re.search(r"[a-z]", plain)  # (a message typed in capitals throughout)
    found: dict[str, str] = {}
    for m in _LONE_TOKEN.finditer(plain):
        token = m.group(0).rstrip("._-")
        letters = sum(c.isalpha() for c in token)
        if (not letters or not any(c.isdigit() for c in token)
                or (token.upper() == token and not shouting)
                or _NOT_A_USERNAME.fullmatch(token)
                or _ANOTHER_FIELD.search(plain, 0, m.start())
                or _ANOTHER_FIELD_AFTER.match(plain, m.start() + len(token))):
            continue
        if _GUESSED_PASSWORD.match(plain, m.start()) or (of_a_password
                                                         and token != token.lower()):
            return None
        if not asked and (len(token) < 5 or letters < 3):
            continue
        name = parse_username(token)
        if name:
            found.setdefault(name.lower(), name)
    return next(iter(found.values())) if len(found) == 1 else None


def username_shaped(name: str) -> bool:
    """A username no word could be: it has a digit, a dot, a dash or an underscore."""
    return any(c.isdigit() or c in "._-" for c in name)


def looks_like_username(text: str) -> bool:
    return parse_username(text) is not None


def parse_phone(text: str) -> str | None:
    m = PHONE_RE.search(as_digits(text or ""))  # "five seven three ..." dictated
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def parse_state(text: str) -> str | None:
    t = (text or "").strip().strip(".").lower()
    if t.upper() in US_STATES:
        return t.upper()
    return STATE_NAMES.get(t)


# Countries a college abroad may be in (its "state" in the education records)
COUNTRIES = frozenset("""
afghanistan albania algeria argentina armenia australia austria bangladesh belarus belgium
bolivia bosnia brazil bulgaria cambodia cameroon canada chile china colombia croatia cuba
czechia denmark ecuador egypt england eritrea estonia ethiopia finland france georgia germany
ghana greece guatemala haiti honduras hungary iceland india indonesia iran iraq ireland israel
italy jamaica japan jordan kazakhstan kenya korea kosovo kuwait laos latvia lebanon liberia
libya lithuania malaysia mexico moldova mongolia morocco myanmar nepal netherlands nicaragua
nigeria norway pakistan panama paraguay peru philippines poland portugal romania russia rwanda
scotland senegal serbia singapore slovakia slovenia somalia spain sudan sweden switzerland
syria taiwan tanzania thailand tunisia turkey uganda ukraine uruguay uzbekistan venezuela
vietnam wales yemen zambia zimbabwe
""".split()) | {"south korea", "south africa", "new zealand", "united kingdom", "uk",
                "el salvador", "dominican republic", "costa rica", "puerto rico", "sri lanka",
                "saudi arabia", "united arab emirates", "czech republic", "hong kong"}


def parse_region(text: str) -> str | None:
    """A US state (its code) or a country (its name): where a college is."""
    state = parse_state(text)
    if state:
        return state
    t = " ".join((text or "").strip().strip(".").split()).lower()
    # ("Port-au-Prince, Haïti": the country's name without its accents)
    t = unicodedata.normalize("NFKD", t).encode("ascii", "ignore").decode()
    if t in COUNTRIES:
        return "UK" if t == "uk" else t.title()
    return None


def parse_address(text: str) -> dict[str, str] | None:
    """'12 Main St, Apt 3, Springfield, MO 65801' -> address_line1/2, city, state, postal_code.

    Words before the street number ("It's 12 Main St, ...", "new address: 12 Main St, ...")
    and a closing full stop are not part of the address."""
    found = _address_in(text)
    return found[1] if found else None


def address_text(text: str) -> str | None:
    """The part of `text` that is the address (as typed), or None."""
    found = _address_in(text)
    return found[0] if found else None


def lines_as_parts(text: str) -> str:
    """ "1402 Elm Street\nColumbia, MO 65201" -> "1402 Elm Street, Columbia, MO 65201": a line
    break after a word is a comma between the parts of an address; after a comma or a colon
    ("my new address is:\n1402 Elm Street") it is a space."""
    t = re.sub(r"(?<=[\w.])[ \t]*(?:\r?\n\s*)+(?=\S)", ", ", text or "")
    return re.sub(r"\s*\n\s*", " ", t)


def _address_in(text: str) -> tuple[str, dict[str, str]] | None:
    # "twenty two oak hollow drive ... six five two zero three", dictated: its digits
    t = as_digits(lines_as_parts(text)).strip().rstrip(".!")
    # "418 Elm Street, Fulton, MO 65251, and her new phone number is ...": the address ends at
    # its ZIP code
    # ("..., Kansas City MO 64111 now", "... 65203 please")
    zip_code = re.search(r",[^,]*?\b\d{5}(?:-\d{4})?\b(?=\s*(?:[,;.!?]|\band\b|$|"
                         r"(?:now|please|pls|thanks|thank\s+you)\b))", t)
    if zip_code:
        t = t[:zip_code.end()]
    else:
        # "moved new addr 1407 oak hollow dr columbia mo 65203 new phone 5735550199": no
        # commas, the address still ends at the ZIP code after its state
        after_state = re.search(r"\b[A-Za-z]{2}\s+\d{5}(?:-\d{4})?\b(?=\s+\S)", t)
        if after_state:
            t = t[:after_state.end()]
    start = re.search(r"\b(?:\d+[A-Za-z]?\s+\S|p\.?\s*o\.?\s+box\b)", t, re.IGNORECASE)
    if start and start.start() > 0 and ("," not in t[:start.start()] or re.search(
            r"[.!?:]\s|\b(?:is|address)\b", t[:start.start()], re.IGNORECASE)):
        # (commas before it belong to the sentence when it ends or says "address is")
        trimmed = _parse_address(t[start.start():])
        if trimmed is not None:
            return t[start.start():], trimmed
    whole = _parse_address(t)
    return (t, whole) if whole is not None else None


# "1412 elm st holts summit mo 65043": no commas, the street ends at its suffix
_STREET_SUFFIX = (r"(?:st|street|ave|avenue|rd|road|dr|drive|ln|lane|blvd|boulevard|ct|court|way|"
                  r"pl|place|cir|circle|hwy|highway|pkwy|parkway|ter|terrace|trl|trail)")
_UNIT = r"(?:apt|apartment|unit|suite|ste|#)"
_ADDRESS_WITHOUT_COMMAS = re.compile(
    r"^(?P<street>\d+[A-Za-z]?\s+(?:[A-Za-z0-9.'-]+\s+){0,4}?" + _STREET_SUFFIX + r"\.?"
    # "2207 w broadway apt 4 sedalia mo 65301": a street without a suffix ends at its unit
    r"|\d+[A-Za-z]?(?:\s+[A-Za-z0-9.'-]+){1,5}?(?=\s+" + _UNIT + r"\.?\s*\S))"
    r"(?:\s+(?P<line2>" + _UNIT + r"\.?\s*\S+))?\s+(?P<city>[A-Za-z .'-]+?)\s+"
    r"(?P<state>[A-Za-z]{2}|[A-Za-z]{4,14})\s+(?P<zip>\d{5}(?:-\d{4})?)$", re.IGNORECASE)


# Missouri's ZIP codes (630-658): "2207 Oak Ridge Dr Columbia 65203" needs no state
_MISSOURI_ZIP_AT_END = re.compile(r"^(?P<before>.*?[A-Za-z.])\s*,?\s+"
                                  r"(?P<zip>6(?:3\d|4\d|5[0-8])\d\d(?:-\d{4})?)\s*$")


def _parse_address(t: str) -> dict[str, str] | None:
    found = _parse_address_with_state(t)
    if found is None:
        m = _MISSOURI_ZIP_AT_END.match(t.strip())
        last = m.group("before").split()[-1] if m else ""
        if m and not parse_state(last.strip(",")):
            found = _parse_address_with_state(f"{m.group('before')} MO {m.group('zip')}")
    return found


def _parse_address_with_state(t: str) -> dict[str, str] | None:
    m = re.match(
        r"^(?P<street>.+?),\s*(?:(?P<line2>[^,]+?),\s*)?(?P<city>[A-Za-z .'-]+?),?\s+"
        r"(?P<state>[A-Za-z]{2}|[A-Za-z ]{4,20}?)\s*,?\s+(?P<zip>\d{5}(?:-\d{4})?)\s*$",
        t,
    ) or _ADDRESS_WITHOUT_COMMAS.match(t.strip())
    if not m:
        return None
    city, state = m.group("city").strip(), parse_state(m.group("state"))
    if not state and " " in m.group("state").strip():
        # "..., JEFFERSON CITY MO 65109": the city's last word was read as part of the state
        words = m.group("state").split()
        for n in (1, 2):
            state = parse_state(" ".join(words[-n:]))
            if state and len(words) > n:
                city = " ".join([city, *words[:-n]])
                break
    if not state:
        return None
    out = {
        "address_line1": m.group("street").strip(),
        "city": city,
        "state": state,
        "postal_code": m.group("zip"),
    }
    if m.group("line2"):
        out["address_line2"] = m.group("line2").strip()
    if t == t.lower():  # typed all in lower case: the street and the town as names are written
        out.update({k: string.capwords(v) for k, v in out.items()
                    if k in ("address_line1", "address_line2", "city")})
    return out


def looks_like_password(text: str) -> bool:
    """A guess that the user typed a password: the word 'password' next to a token
    that mixes letters and digits, or one such token that also has a symbol."""
    t = (text or "").strip()
    tokens = t.split()
    mixed = [w for w in tokens if re.search(r"[A-Za-z]", w) and re.search(r"\d", w)]
    if PASSWORD_HINT_RE.search(t) and mixed:
        return True
    return len(tokens) == 1 and bool(mixed) and bool(re.search(r"[^A-Za-z0-9._\-@]", t))


SKIP_WORDS = {"skip", "none", "no", "n/a", "na", "nope", "leave it", "leave blank", "-",
              "no middle name", "i don't have one", "i dont have one", "not applicable"}


def is_skip(text: str) -> bool:
    """ "skip", "none", "skip, I don't have one", "no, there isn't one"."""
    parts = [p.strip(" .!'") for p in re.split(r"[,;.!-]+|\s+(?:and|i)\s+(?=don)",
                                                  (text or "").lower()) if p.strip(" .!'")]
    return bool(parts) and all(p in SKIP_WORDS or _NOTHING.match(p) for p in parts)


_NOTHING = re.compile(r"^(i\s+)?(don'?t|do not)\s+have\s+(one|a middle name|any)$|"
                      r"^(there\s+)?(isn'?t|is not)\s+(one|any)$|^(i\s+)?have\s+none$")
