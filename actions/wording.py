"""The words the model reads: a message as the training data would have worded it.

The classifier learned from first-person, correctly spelled messages. People type
"whats goin on w my applicaiton" and "did u guys get my transcrpit", and a school secretary
helping a new hire writes "shes needs to apply for the sub certficate". The model reads
such messages worse than the same request worded as it learned it (on the blind
messages: "applicaiton" fell back, "application" read as the status check). So before
classifying, `for_the_model`:

- fixes the typos of the domain's own words (one edit away from a word of at least seven
  letters, two from one of at least ten; a transposition counts as one edit), and
- reads a helper's "she", "her", "his" as the person's own "I" and "my".

Only the model's reading changes: the actions always see the message as it was typed
(names, addresses and values are never rewritten where they are used).
"""

from __future__ import annotations

import re
from functools import lru_cache

# The domain's words, as the training data spells them (inflections listed: an inflection is
# not a typo of its stem).
DOMAIN_WORDS = frozenset("""
account accounts address addresses administrator administrators application applications
applying approved assessment assessments authorization background birthday certificate
certificates certification certified clearance college colleges complete completed
conduct connect connected connecting contact continuous counselor credentials degree
expire expires expired expiring expiration
denied district districts education educational educator educators elementary email
emails endorsement expiration expired fingerprint fingerprinted fingerprinting
fingerprints graduate graduated graduation identogo information initial license licenses
mailing missing missouri paperwork password passwords pending personal principal
processed processing profile program programs question questions receive received
recommendation recommendations registration renewal returned security semester signature
statement statements status statuses student submitted substitute substitutes
superintendent teacher teachers teaching temporary transcript transcripts universities
university upgrade username usernames verification
""".split())

_BY_SPELLING = tuple(sorted(DOMAIN_WORDS))
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:'[A-Za-z]+)?")
_CLOSE = 7  # a word this long or longer is corrected at one edit
_CLOSER = 10  # ... and at two from this length on

# A helper speaking for the person ("her username is jsmith2", "shes got like 40 college
# hours", "did his fingerprints go thru"): the person's own words.
_FIRST_PERSON = {
    "she": "I", "he": "I", "her": "my", "his": "my", "hers": "mine", "him": "me",
    "shes": "I'm", "she's": "I'm", "he's": "I'm", "hes": "I'm", "she'll": "I'll",
    "he'll": "I'll", "she'd": "I'd", "he'd": "I'd", "herself": "myself", "himself": "myself",
}


# Spoken and texting forms the training data spells out ("do i gotta send them something",
# "what kinda certificates", "idk my username rn")
COLLOQUIAL = {
    "gotta": "have to", "gonna": "going to", "wanna": "want to", "kinda": "kind of",
    "sorta": "sort of", "lemme": "let me", "gimme": "give me", "dunno": "don't know",
    "idk": "I don't know", "rn": "right now", "tbh": "to be honest", "u": "you",
    "ur": "your", "pls": "please", "plz": "please", "thru": "through", "bc": "because",
    "cuz": "because", "abt": "about", "smth": "something", "sth": "something",
    "cert": "certificate", "certs": "certificates",
    # "Bg check good to go?"
    "bg": "background", "bgc": "background check",
    # "FP for cert. Where do I go"
    "fp": "fingerprints", "fps": "fingerprints",
    # typos of short words, too short for the spelling correction ("want to aply for sub")
    "aply": "apply", "aplly": "apply", "appply": "apply", "sumbit": "submit", "submitt": "submit",
    "acct": "account", "acount": "account",
    "secnd": "second", "scond": "second", "seccond": "second", "difrent": "different",
    "diffrent": "different", "seperate": "separate",
}


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count once), or `limit` + 1
    as soon as it is certain to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=4096)
def spelled(word: str) -> str:
    """The domain word `word` is a typo of, or `word`."""
    low = word.lower()
    if len(low) < _CLOSE - 1 or low in DOMAIN_WORDS:
        return word
    best, best_distance = word, 3
    for known in _BY_SPELLING:  # in order: a tie goes the same way every time
        limit = 2 if len(known) >= _CLOSER else 1 if len(known) >= _CLOSE else 0
        if not limit:
            continue
        d = _distance(low, known, min(limit, best_distance - 1))
        if d <= limit and d < best_distance:
            best, best_distance = known, d
    return best


# Spanish words a Spanish-speaking educator mixes in ("hola quiero aplicar para un
# certificado"), as the English the model learned
SPANISH = {
    "quiero": "I want", "necesito": "I need", "aplicar": "apply", "solicitar": "apply for",
    "aplicacion": "application", "aplicación": "application", "solicitud": "application",
    "crear": "create", "cuenta": "account", "certificado": "certificate", "mi": "my",
    "para": "for", "un": "a", "una": "a", "contraseña": "password", "contrasena": "password",
    "usuario": "username", "ayuda": "help", "terminar": "finish", "terminarla": "finish it",
    "recibieron": "received", "cambiar": "change", "apellido": "last name", "nombre": "name",
    "teléfono": "phone", "telefono": "phone", "dirección": "address", "direccion": "address",
    "correo": "email", "huellas": "fingerprints", "sustituto": "substitute",
    "substituto": "substitute", "cuánto": "how much", "cuanto": "how much", "cuesta": "cost",
    "dónde": "where", "donde": "where", "enviar": "send", "gracias": "thanks",
    "persona": "person", "estado": "status", "ya": "already", "hablar": "talk",
    "con": "with", "puedo": "can I", "entiendo": "understand", "espera": "wait",
    "seguro": "safe", "necesitan": "need", "pregunta": "question", "otra": "another",
    "mismo": "same", "misma": "same", "despues": "after", "después": "after", "aqui": "here",
    "aquí": "here", "y": "and", "tengo": "I have", "maestro": "teacher", "maestra": "teacher",
    "mandar": "send", "pagar": "pay", "cuando": "when", "cuándo": "when",
    "olvidé": "forgot", "olvide": "forgot", "olvidó": "forgot", "olvido": "forgot",
    "conectar": "link", "conectarla": "link it", "conectarlo": "link it", "vincular": "link",
    "agregar": "add", "añadir": "add", "universidad": "college", "colegio": "college",
    "ver": "see", "mis": "my", "imprimir": "print", "imprimo": "print", "cómo": "how",
    "como": "how", "qué": "what", "mando": "send", "envío": "send", "envio": "send",
    "nueva": "new", "nuevo": "new", "revisar": "check",
    "checar": "check", "saber": "know", "estatus": "status", "antecedentes": "background",
    "licencia": "license", "perdí": "lost", "perdi": "lost", "recuperar": "recover",
    "actualizar": "update", "número": "number", "numero": "number", "escuela": "school",
    "calificaciones": "scores", "puntajes": "scores", "resultados": "results",
    "huella": "fingerprint", "empezar": "start", "empecé": "started",
    "seguir": "continue", "sigamos": "let's continue", "continuar": "continue",
    "expira": "expire", "vence": "expire", "copia": "copy", "papel": "paper",
    "dinero": "money", "costo": "cost", "pago": "payment", "ayúdame": "help me",
    "ayudame": "help me", "alguien": "someone", "hablo": "I speak", "lo": "it", "la": "the",
    "el": "the", "los": "the", "las": "the", "de": "of", "del": "of the", "pero": "but",
    "que": "that", "pasé": "passed", "aparece": "appears", "llegó": "arrived",
    "llego": "arrived", "agregarla": "add it", "agregarlo": "add it", "falta": "is missing",
    "faltan": "are missing", "activo": "active", "activa": "active", "grados": "grades",
    "sobre": "envelope", "poner": "put", "algun": "some", "algún": "some", "está": "is it",
    "vencer": "expire", "semestres": "semesters", "hice": "I did", "primeros": "first",
    "sometí": "submitted", "someti": "submitted", "salió": "came back", "salio": "came back",
    "entrar": "sign in",
}
# Spanish opening marks ("¿y cómo lo imprimo?")
_OPENING_MARKS = re.compile("[¿¡]")
# Decoration the training data never had: emoji and other pictographs, "!!!", "hiiii"
PICTOGRAPHS = re.compile("[\u200d\ufe0f\u2600-\u27bf\U0001f000-\U0001faff]+")
_REPEATED_MARKS = re.compile(r"([!?.])\1+")
_ELONGATED = re.compile(r"([A-Za-z])\1{2,}")
# "Hiii!! ", "Good afternoon. ", "hola, ": a greeting before the request (said alone, it is
# the greeting)
_GREETING = re.compile(r"^\s*(?:(?:hi|hey|hello|hiya|howdy|hola|greetings|good\s+(?:morning|"
                       r"afternoon|evening|day))(?:\s+(?:there|all|everyone|team))?"
                       r"[\s,.!:;-]+)+", re.IGNORECASE)


_SHORT_WORDS = frozenset({"hi", "hey", "yes", "yep", "no", "so", "ok", "please", "thanks", "oh",
                          "ugh", "um", "hm", "wow", "lol", "omg", "pls", "sure", "yay"})


_THANKS = re.compile(r"^\s*(?:ok(?:ay)?[\s,]+)?(?:thank\s+you|thanks|thank|thx|ty)"
                     r"(?:\s+(?:so|very)\s+much)?[\s,.!:;-]+", re.IGNORECASE)
# "Need to sign in, thanks.": the request, not the thanks (said after too little, it stays)
_THANKS_AFTER = re.compile(r"[\s,.;-]+(?:thank\s+you|thanks|thx|ty)(?:\s+(?:so|very)\s+much)?"
                           r"(?:\s+in\s+advance)?[\s.!]*$", re.IGNORECASE)


def _unstretched(m: re.Match[str]) -> str:
    """ "hiiii" -> "hi", "yesss" -> "yes", "soooo" -> "so", "goooood" -> "good"."""
    w = m.group(0)
    if not _ELONGATED.search(w):
        return w
    one = _ELONGATED.sub(r"\1", w)
    return one if one.lower() in _SHORT_WORDS else _ELONGATED.sub(r"\1\1", w)


def _undecorated(text: str) -> str:
    t = _OPENING_MARKS.sub("", PICTOGRAPHS.sub(" ", text))
    t = _REPEATED_MARKS.sub(r"\1", t)
    t = re.sub(r"[A-Za-z]+", _unstretched, t)
    rest = _GREETING.sub("", t)
    if rest != t and len(rest.split()) >= 3:
        t = rest
    # "Thank you. And my fingerprint check, it is okay?": the question, not the thanks
    rest = _THANKS.sub("", t)
    if rest != t and len(rest.split()) >= 3 and "?" in rest:
        t = rest
    rest = _THANKS_AFTER.sub("", t)
    if rest != t and len(rest.split()) >= 3:
        t = rest
    return re.sub(r"[ \t]{2,}", " ", t).strip() if t != text else t


# "I'm helping one of our teachers sign in": the teacher's request, as the teacher would
# say it (the pronouns after it are made first person like the rest)
_HELPING = re.compile(r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:just\s+|trying\s+to\s+)?"
                      r"(?:helping|help|assisting)\s+(?:one\s+of\s+(?:our|my|the)\s+\w+|"
                      r"(?:a|an|our|my|the|this)\s+(?:new\s+)?\w+|her|him|them|someone|"
                      r"somebody)\s+(?P<with>with\s+)?(?:to\s+)?", re.IGNORECASE)


# "necesito aplicar", "quiero agregar": wanting to do something, as the English says it
_SPANISH_WANTS = re.compile(r"\b(quiero|necesito|tengo\s+que|puedo)\s+"
                            r"(?:hacer\s+(?=(?:sign|log|check|link|apply)\b)|"
                            r"(?=\w+(?:ar|er|ir)(?:la|lo|las|los|me|se)?\b))", re.IGNORECASE)
_WANTS_AS = {"quiero": "I want to ", "necesito": "I need to ", "puedo": "can I "}


# "quiero hacer sign in": the English verb is the request
_SPANISH_DO = re.compile(r"\bhacer\s+(?=(sign|log|check|link|apply)\b)", re.IGNORECASE)


# "se me olvidó el password", "cómo va mi solicitud", "quiero entrar a mi cuenta": whole
# phrases whose words alone say something else
_SPANISH_PHRASES = (
    (re.compile(r"\bse\s+me\s+olvid[oó]\b", re.IGNORECASE), "I forgot"),
    (re.compile(r"\bc[oó]mo\s+va\b", re.IGNORECASE), "what is the status of"),
    (re.compile(r"\bentrar\s+(a|en)\s+mi\s+cuenta\b", re.IGNORECASE), "sign in to my account"),
    # "tengo que poner mi seguro social en el sistema", "cómo creo la cuenta?", "el background
    # check que me hicieron en PR me sirve aquí?", "cuánto saqué en el Praxis", "me
    # devolvieron la solicitud"
    (re.compile(r"\bseguro\s+social\b", re.IGNORECASE), "social security number"),
    (re.compile(r"\bcreo\s+(la|una|mi)\s+cuenta\b", re.IGNORECASE), "do I create an account"),
    (re.compile(r"\bque\s+me\s+hicieron\b", re.IGNORECASE), "I had done"),
    (re.compile(r"\bme\s+sirven?\b", re.IGNORECASE), "does it count"),
    (re.compile(r"\bcu[aá]nto\s+saqu[eé]\b", re.IGNORECASE), "what was my score"),
    (re.compile(r"\bme\s+devolvieron\b", re.IGNORECASE), "they returned"),
)


def _spanish_wants(text: str) -> str:
    for phrase, english in _SPANISH_PHRASES:
        text = phrase.sub(english, text)
    text = _SPANISH_WANTS.sub(lambda m: _WANTS_AS.get(m.group(1).lower(), "I have to "), text)
    return _SPANISH_DO.sub("", text)


# "I want see my education record", "now I need connect it": the "to" a learner of English
# leaves out, put back
_WANT_VERB = re.compile(
    r"\b(want|wants|need|needs|would\s+like|like)\s+(?=(?:see|know|check|connect|link|make|"
    r"create|apply|change|update|reset|get|talk|speak|find|sign|log|print|add|fix|send|"
    r"ask|open|start|finish|do)\b)", re.IGNORECASE)


# "I make account. Now I need connect it": the present for the past, told by the "now"
_MADE_IT = re.compile(r"\bi\s+(?:make|create)\s+(?:an?\s+|my\s+)?(?:account|acct)\b"
                      r"(?=\s*[.,;!]?\s*(?:and\s+|but\s+)?now\b)", re.IGNORECASE)


def _with_to(text: str) -> str:
    text = _MADE_IT.sub("I already have an account", text)
    return _WANT_VERB.sub(lambda m: f"{m.group(1)} to ", text)


def _as_the_helped(text: str) -> str:
    return _HELPING.sub(lambda m: "I need help with " if m.group("with") else "I need to ",
                        text)


def for_the_model(text: str, first_person: bool = True) -> str:
    """`text` as the model reads it best: without decoration and a greeting before the
    request, the domain's words spelled right, in English, in the first person (unless
    `first_person` is false: "may I check her certificate from the district" stays a
    question about someone else)."""
    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        first = _FIRST_PERSON.get(w.lower()) if first_person else None
        if first is not None:
            return first
        english = SPANISH.get(w.lower()) or COLLOQUIAL.get(w.lower())
        if english is not None:
            return english
        return spelled(w)

    return _WORD.sub(word, _with_to(_as_the_helped(_spanish_wants(_undecorated(text or "")))))
