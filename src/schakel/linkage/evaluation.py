"""A synthetic evaluation set for person linkage with a realistic error model, and its scores.

Persons of Dutch, Polish, Romanian, Bulgarian and Nigerian origin (names as they are registered
and typed in the Netherlands). List B holds a share of list A's persons again, each copy passed
through the error model, plus persons of its own; many share a name with someone else (common
names are common), so precision is tested against namesakes, not only strangers.

Error model per copy, each independently: a typo in a name part (substitution, insertion,
deletion, transposition), a phonetic or transliteration variant (Mohammed/Muhammad, w/v,
sz/sh, Yordanka/Jordanka, ...), diacritics dropped, surname first, a tussenvoegsel fused or
left out ('van den Berg' -> 'Vandenberg', 'Berg'), a given name left out, and for the date of
birth: day and month swapped, missing, a year or a day off by one.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from .quality import PersonRecord

GIVEN = {
    "nl": "Jan Pieter Kees Johannes Willem Sanne Anouk Femke Lotte Daan Bram Thijs Sven Maaike Ingrid Hendrik "
          "Gerrit Marieke Esther Joost Sophie Emma Lars Ruben Niels Inge Wouter Mirjam Bas Eva".split(),
    "pl": "Jan Piotr Krzysztof Andrzej Tomasz Paweł Michał Agnieszka Katarzyna Małgorzata Anna Magdalena "
          "Joanna Wojciech Łukasz Grzegorz Barbara Ewa Zofia Marek".split(),
    "ro": "Ion Gheorghe Vasile Constantin Mihai Andrei Ioana Maria Elena Ana Andreea Cristina Florin "
          "Alexandru Ștefan Adrian Mihaela Gabriela Nicoleta Bogdan".split(),
    "bg": "Georgi Ivan Dimitar Nikolay Petar Hristo Stoyan Maria Ivanka Elena Yordanka Desislava Tsvetelina "
          "Kaloyan Radoslav Veselin Snezhana Zhivka Todor Svetlana".split(),
    "ng": "Chinedu Oluwaseun Emeka Ngozi Chioma Adebayo Olumide Folake Ifeoma Obinna Blessing Precious Joy "
          "Uchenna Tunde Babajide Mohammed Aisha Ibrahim Yusuf".split(),
}
SURNAMES = {
    "nl": ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
           "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
           "Brouwer", "van der Meer", "ter Horst", "van Beek", "Willems", "van der Linden", "Vermeulen"],
    "pl": ["Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński",
           "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk",
           "Grabowski", "Pawłowski", "Michalski", "Wróbel"],
    "ro": ["Popescu", "Popa", "Ionescu", "Pop", "Radu", "Dumitru", "Stan", "Stoica", "Gheorghe", "Matei",
           "Ciobanu", "Rusu", "Munteanu", "Ștefănescu", "Constantinescu", "Lungu", "Marin", "Tudor", "Dinu"],
    "bg": ["Ivanov", "Georgiev", "Dimitrov", "Petrov", "Nikolov", "Hristov", "Stoyanov", "Todorov", "Iliev",
           "Vasilev", "Atanasov", "Petkova", "Ivanova", "Georgieva", "Angelov", "Kolev", "Marinov", "Yordanov"],
    "ng": ["Okafor", "Adeyemi", "Okonkwo", "Eze", "Nwosu", "Balogun", "Ogunleye", "Adebayo", "Okeke", "Chukwu",
           "Ibrahim", "Abubakar", "Bello", "Obi", "Onyekachi", "Olawale", "Nwachukwu", "Okoro"],
}
# Surname stems and endings per origin: real populations have thousands of surnames, of which
# the common ones above are a large share; the rest are composed from stems, as the languages do.
STEMS = {
    "nl": ("berg beek bos brink dam dijk hof horst hout kamp laar meer molen poel rijn steen veen vliet wijk "
           "zand akker bloem brug eik heuvel hoek kerk linde weide").split(),
    "pl": "kowal nowa wisz zielin szyma wozni dabrow kozlow jankow mazur krawc grab pawl michal wrob "
          "lis sokol wolsk zajac krol".split(),
    "ro": "pop ion radu dum stan stoi matei cioban rus mun lung mar tud din vlad nicol costin sorin dobr".split(),
    "bg": "ivan georgi dimitr petr nikol hrist stoyan todor ili vasil atanas angel kol marin yordan".split(),
    "ng": "oka ade okon nwo balo ogun oke chuk olaw nwach oko eme ifea obi adeb ola".split(),
}
ENDINGS = {
    "nl": ["", "man", "s", "er", "ink", "ing"], "pl": ["ski", "cki", "wicz", "czyk", "ak"],
    "ro": ["escu", "eanu", "u", "a"], "bg": ["ov", "ev", "ova", "eva"],
    "ng": ["for", "yemi", "kwo", "su", "gun", "nna"],
}
DUTCH_PREFIX = ["", "", "van ", "van den ", "van der ", "de ", "ter "]


def random_surname(origin: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(SURNAMES[origin])
    stem = rng.choice(STEMS[origin]) + rng.choice(ENDINGS[origin])
    if origin == "nl":
        return (rng.choice(DUTCH_PREFIX) + stem.capitalize()).strip()
    return stem.capitalize()


# Spellings of one sound or one transliteration that people and systems mix up.
VARIANTS = [
    ("mohammed", "muhammad"), ("mohammed", "mohamed"), ("w", "v"), ("sz", "sh"), ("ks", "x"), ("ph", "f"),
    ("ie", "i"), ("y", "j"), ("y", "i"), ("ts", "c"), ("c", "k"), ("oe", "u"), ("ck", "k"), ("zh", "j"),
    ("ski", "sky"), ("ova", "ová"), ("ij", "y"), ("dt", "t"), ("ch", "h"), ("ou", "u"),
]
TUSSEN = ("van den ", "van der ", "van ", "de ", "ter ")

ERRORS = {"typo": 0.20, "variant": 0.15, "diacritics": 0.5, "order": 0.15, "particle": 0.4,
          "no_given": 0.03, "swap_dm": 0.05, "no_dob": 0.03, "year": 0.02, "day": 0.02}


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    letters = "abcdefghijklmnoprstuvwz"
    kind = rng.choice(("sub", "ins", "del", "swap"))
    if kind == "sub":
        return word[:i] + rng.choice(letters) + word[i + 1:]
    if kind == "ins":
        return word[:i] + rng.choice(letters) + word[i:]
    if kind == "del":
        return word[:i] + word[i + 1:]
    if i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word


def _variant(text: str, rng: random.Random) -> str:
    lower = text.lower()
    options = [(a, b) for a, b in VARIANTS if a in lower] + [(b, a) for a, b in VARIANTS if b in lower]
    if not options:
        return text
    old, new = rng.choice(options)
    at = lower.index(old)
    return text[:at] + new + text[at + len(old):]


def _strip_accents(text: str) -> str:
    from schakel.signalling.normalise import strip_diacritics

    return " ".join(w.capitalize() for w in strip_diacritics(text).split())


@dataclass(frozen=True)
class Person:
    given: str
    surname: str
    dob: datetime.date


def random_person(rng: random.Random) -> Person:
    origin = rng.choice(tuple(GIVEN))
    given = rng.choice(GIVEN[origin])
    if rng.random() < 0.2:
        given += " " + rng.choice([name for name in GIVEN[origin] if name != given])
    dob = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 48))
    return Person(given, random_surname(origin, rng), dob)


def corrupt(person: Person, rng: random.Random, errors: dict = ERRORS) -> tuple[str, str, str]:
    given, surname, dob = person.given, person.surname, person.dob
    if rng.random() < errors["particle"] and surname.lower().startswith(TUSSEN):
        for particle in TUSSEN:
            if surname.lower().startswith(particle):
                rest = surname[len(particle):]
                surname = rng.choice((particle.replace(" ", "") + rest.lower(), rest)).capitalize()
                break
    if rng.random() < errors["typo"]:
        if rng.random() < 0.5:
            surname = _typo(surname, rng)
        else:
            given = _typo(given, rng)
    if rng.random() < errors["variant"]:
        if rng.random() < 0.5:
            surname = _variant(surname, rng)
        else:
            given = _variant(given, rng)
    if rng.random() < errors["diacritics"]:
        given, surname = _strip_accents(given), _strip_accents(surname)
    if rng.random() < errors["no_given"]:
        given = ""
    if rng.random() < errors["order"]:
        given, surname = surname, given
    text = dob.isoformat()
    if rng.random() < errors["no_dob"]:
        text = ""
    else:
        day, month, year = dob.day, dob.month, dob.year
        if rng.random() < errors["swap_dm"] and day <= 12:
            day, month = month, day
        if rng.random() < errors["year"]:
            year += rng.choice((-1, 1))
        if rng.random() < errors["day"]:
            day = min(max(day + rng.choice((-1, 1)), 1), 28)
        try:
            text = datetime.date(year, month, day).isoformat()
        except ValueError:
            text = dob.isoformat()
    return given, surname, text


def make_sets(size: int, *, overlap: float = 0.5, seed: int = 16) -> tuple[list[PersonRecord], list[PersonRecord],
                                                                          set[tuple[str, str]]]:
    """Lists A and B of `size` persons each; `overlap` of B are corrupted copies of A's persons."""
    rng = random.Random(seed)
    people = [random_person(rng) for _ in range(size)]
    a = [PersonRecord(id=f"a{i}", given_name=p.given, surname=p.surname, date_of_birth=p.dob.isoformat())
         for i, p in enumerate(people)]
    b, truth = [], set()
    copies = rng.sample(range(size), int(size * overlap))
    for n, i in enumerate(copies):
        given, surname, dob = corrupt(people[i], rng)
        b.append(PersonRecord(id=f"b{n}", given_name=given, surname=surname, date_of_birth=dob))
        truth.add((f"a{i}", f"b{n}"))
    for n in range(len(b), size):
        p = random_person(rng)
        b.append(PersonRecord(id=f"b{n}", given_name=p.given, surname=p.surname, date_of_birth=p.dob.isoformat()))
    # A's own namesakes born on the same day are the same person by any measure: count them as true.
    by_person = {}
    for record, person in zip(a, people):
        by_person.setdefault(person, []).append(record.id)
    for n, i in enumerate(copies):
        for twin in by_person[people[i]]:
            truth.add((twin, f"b{n}"))
    for n in range(len(copies), size):
        record = b[n]
        person = Person(record.given_name, record.surname, datetime.date.fromisoformat(record.date_of_birth))
        for twin in by_person.get(person, []):
            truth.add((twin, record.id))
    return a, b, truth


def score(pairs, truth: set[tuple[str, str]]) -> dict:
    found = {(x, y) for x, y, _ in pairs}
    true_positives = len(found & truth)
    precision = true_positives / len(found) if found else 1.0
    recall = true_positives / len(truth) if truth else 1.0
    return {"pairs": len(found), "true": len(truth), "precision": precision, "recall": recall}
