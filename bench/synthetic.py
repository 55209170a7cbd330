"""Synthetic content for the benchmark dataset: names, free text, identifiers. Nothing real.

Every value is drawn from a seeded `random.Random`, so a dataset is reproducible. Identifiers
are partly drawn from shared pools, so that the same phone number, plate, address or company
turns up in several signals (in several municipalities), as it does in real linkage work.
"""

from __future__ import annotations

import random

from schakel.signalling import normalise

FIRST_NAMES = (
    "Jan Piet Kees Henk Sanne Lotte Emma Daan Sem Noah Julia Sophie Fleur Anouk Ruben Thijs Bram Lars Eva Iris "
    "Mohamed Youssef Fatima Aisha Mehmet Ayse Ali Omar Anna Maria Katarzyna Agnieszka Piotr Tomasz Marek Ewa "
    "Andrei Ionut Elena Ioana Mihai Cristina Vasile Georgi Ivan Dimitar Petya Maria Olena Oksana Iryna Dmytro "
    "Serhii Natalia Li Wei Mei Thanh Linh Nguyen Grace Blessing Joy Favour Precious Esther Chinedu"
).split()
LAST_NAMES = (
    "de Vries|Jansen|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|"
    "van Dijk|van der Linden|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|Kok|Jacobs|van Leeuwen|"
    "Yilmaz|Kaya|El Amrani|Bouzid|Nowak|Kowalski|Wiśniewski|Wójcik|Kamiński|Lewandowski|Zieliński|Popescu|Ionescu|"
    "Popa|Dumitru|Stan|Stoica|Gheorghe|Ivanov|Petrov|Georgiev|Dimitrov|Shevchenko|Kovalenko|Bondarenko|Tkachenko|"
    "Kravchenko|Nguyen|Tran|Le|Pham|Okafor|Adeyemi|Mensah|Osei|Chen|Wang|Zhang|Bijlsma|van 't Hof|Ten Brink"
).split("|")
NATIONALITIES = ("NL", "PL", "RO", "BG", "UA", "HU", "LT", "NG", "VN", "CN", "MA", "TR", "ER", "SY", "BR", "unknown")
GENDERS = ("female", "male", "other", "")
# (how it starts, choices for the next digit, further digits, weight)
PHONE_COUNTRIES = (("06-", "12345", 7, 50), ("+31 6 ", "12345", 7, 20), ("+48 ", "5678", 8, 8),
                   ("+40 7", "2345678", 7, 8), ("+359 8", "789", 7, 5), ("+380 ", "5679", 8, 5),
                   ("+36 20 ", "123456789", 6, 2), ("+370 6", "12345", 6, 2))
PHONE_WEIGHTS = [c[3] for c in PHONE_COUNTRIES]
COMPANY_WORDS = ("Bouw", "Schoonmaak", "Uitzend", "Transport", "Agro", "Horeca", "Logistiek", "Flex", "Nagel",
                 "Beauty", "Massage", "Carwash", "Vlees", "Tuin", "Personeel", "Service", "Trading", "Groep")
COMPANY_FORMS = ("B.V.", "V.O.F.", "Holding B.V.", "Eenmanszaak", "Sp. z o.o.", "S.R.L.")
WEBSITE_HOSTS = ("kinky.nl", "sexjobs.nl", "marktplaats.nl", "facebook.com", "instagram.com", "telegram.me",
                 "werkenindeNL.eu", "jobs-holland.pl", "munca-olanda.ro")
STREETS = ("Kerkstraat", "Dorpsstraat", "Stationsweg", "Industrieweg", "Molenweg", "Schoolstraat", "Nieuwstraat",
           "Havenweg", "Parallelweg", "Hoofdstraat", "Marktplein", "Julianastraat", "Beatrixlaan", "Kanaalweg")

# Free text: what a municipal employee writes in a hurry. Sentences combine into 1-4 lines.
SENTENCES = (
    "Bij de controle van de woning troffen we {n} matrassen aan in een kamer van twaalf vierkante meter.",
    "De bewoners spreken alleen {language} en konden niet zeggen wie hun werkgever is.",
    "Een vrouw gaf aan dat haar paspoort door de {role} wordt bewaard.",
    "Er worden elke ochtend om vijf uur mensen opgehaald met een {vehicle}.",
    "De huur wordt ingehouden op het loon, er blijft bijna niets over.",
    "Melder zag blauwe plekken en de vrouw durfde niet te praten.",
    "Bij de balie kwam een man die voor {n} anderen het woord deed.",
    "De jongen van {age} jaar lijkt drugs te moeten vervoeren voor een oudere man.",
    "Op de camping wonen arbeidsmigranten in caravans zonder verwarming.",
    "Volgens de buren komen er 's nachts steeds andere mannen bij het adres.",
    "De werkgever betaalt contant en veel minder dan het minimumloon.",
    "Er is een advertentie op internet met dezelfde foto's onder verschillende namen.",
    "Tijdens een huisbezoek van het wijkteam bleek de vrouw geen eigen bankpas te hebben.",
    "De leerplichtambtenaar meldt dat een meisje van {age} vaak afwezig is en dure cadeaus krijgt.",
    "In de nagelsalon werken jonge vrouwen die er ook lijken te slapen.",
    "Bij de aanvraag voor een uitkering vertelde de man dat hij schulden heeft bij zijn bemiddelaar.",
    "De handhavers troffen in een loods op het bedrijventerrein slaapplaatsen aan.",
    "Het slachtoffer zegt dat de familie in het thuisland wordt bedreigd.",
    "Na sluitingstijd gaan er nog klanten naar binnen bij de massagesalon.",
    "Een uitzendbureau huisvest {n} mensen in een rijtjeswoning.",
    "De chauffeur van de {vehicle} lijkt de mensen te controleren en neemt hun telefoons in.",
    "Mogelijk minderjarig, geen identiteitsbewijs getoond.",
    "Zie ook eerdere melding over hetzelfde pand vorig jaar.",
    "Ze werkt zeven dagen per week in de keuken van het restaurant en mag niet naar buiten.",
    "The man said he works in the greenhouse for twelve hours a day without a contract.",
    "Сусіди кажуть, що жінки не можуть вільно виходити з будинку.",
)
LANGUAGES = ("Pools", "Roemeens", "Bulgaars", "Oekraïens", "Vietnamees", "Engels", "Arabisch", "Tigrinya")
ROLES = ("werkgever", "bemiddelaar", "vriend", "huisbaas", "chauffeur", "tante")
VEHICLES = ("witte bus", "zwarte Mercedes", "grijze Volkswagen Transporter", "busje met Pools kenteken")


class Pool:
    """Shared identifiers: with probability `reuse` a value comes from a national pool, else it is new.

    The pool is drawn from `shared` (the same seed in every process), fresh values from `private`.
    """

    def __init__(self, make, shared: random.Random, private: random.Random, size: int, reuse: float,
                 skew: float = 3.0):
        self.make = make
        self.private = private
        self.values = [make(shared) for _ in range(max(1, size))]
        self.reuse = reuse
        self.skew = skew

    def draw(self):
        if self.private.random() < self.reuse:
            # skew > 1 is Zipf-like: some values recur much more often than others.
            return self.values[int(len(self.values) * self.private.random() ** self.skew)]
        return self.make(self.private)


class Content:
    """All synthetic values one generator process needs, from one seed."""

    def __init__(self, seed: int, shared_seed: int, total_signals: int):
        self.rng = random.Random(seed)
        shared = random.Random(shared_seed)
        size = max(50, total_signals // 40)
        self.phones = Pool(self._phone, shared, self.rng, size, 0.25)
        self.plates = Pool(self._plate, shared, self.rng, size // 2, 0.25)
        self.companies = Pool(self._company, shared, self.rng, size // 2, 0.35)
        self.people = Pool(self._person_name, shared, self.rng, size * 2, 0.15)
        self.websites = Pool(self._website, shared, self.rng, size // 4, 0.5)
        self.emails = Pool(self._email, shared, self.rng, size // 2, 0.2)
        # Free texts: a national pool of distinct texts (about one per 25 signals), each built from
        # 1-5 sentences. Word frequencies are those of fully random texts; every stored copy is
        # still encrypted on its own (own nonce). The pool lets the generator normalise each text once.
        self.descriptions = Pool(self._description, shared, self.rng, max(200, total_signals // 25), 1.0,
                                 skew=1.0)

    # --- values ---------------------------------------------------------------------------

    def _phone(self, rng: random.Random) -> str:
        # Valid as the product reads it: its own normaliser (the generator memoises it, so the
        # number is parsed once for this check and intake's validation of the same payload).
        while True:
            prefix, first, digits, _ = rng.choices(PHONE_COUNTRIES, weights=PHONE_WEIGHTS)[0]
            number = prefix + rng.choice(first) + "".join(str(rng.randrange(10)) for _ in range(digits))
            if normalise.normalise_phone(number) is not None:
                return number

    def _plate(self, rng: random.Random) -> str:
        letters = "BDFGHJKLNPRSTVXZ"
        shape = rng.randrange(4)
        if shape == 0:
            return f"{rng.choice(letters)}{rng.choice(letters)}-{rng.randint(100, 999)}-{rng.choice(letters)}"
        if shape == 1:
            return f"{rng.randint(1, 99)}-{rng.choice(letters)}{rng.choice(letters)}{rng.choice(letters)}-{rng.randint(1, 9)}"
        if shape == 2:
            return f"{rng.choice(letters)}-{rng.randint(100, 999)}-{rng.choice(letters)}{rng.choice(letters)}"
        return f"W{rng.choice('AEKLNPR')} {rng.randint(10000, 99999)}"  # Polish style

    def _company(self, rng: random.Random) -> tuple[str, str]:
        name = f"{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_WORDS).lower()} {rng.choice(LAST_NAMES)} " \
               f"{rng.choice(COMPANY_FORMS)}"
        return name, f"{rng.randint(10000000, 99999999)}"

    def _person_name(self, rng: random.Random) -> str:
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

    def _website(self, rng: random.Random) -> str:
        host = rng.choice(WEBSITE_HOSTS)
        return f"https://www.{host}/advertentie/{rng.randint(100000, 9999999)}"

    def _email(self, rng: random.Random) -> str:
        return f"{rng.choice(FIRST_NAMES).lower()}.{rng.randint(1, 9999)}@{rng.choice(('gmail.com', 'wp.pl', 'yahoo.ro', 'abv.bg', 'ukr.net', 'outlook.com'))}"


    # --- per signal ---------------------------------------------------------------------------

    def description(self) -> str:
        return self.descriptions.draw()

    def _description(self, rng: random.Random) -> str:
        count = rng.choices((1, 2, 3, 4, 5), weights=(20, 30, 25, 15, 10))[0]
        parts = []
        for template in rng.sample(SENTENCES, count):
            parts.append(template.format(n=rng.randint(2, 14), language=rng.choice(LANGUAGES),
                                         role=rng.choice(ROLES), vehicle=rng.choice(VEHICLES),
                                         age=rng.randint(13, 19)))
        return " ".join(parts)

    def address(self, postcode_base: int, place: str) -> dict:
        rng = self.rng
        letters = "ABCEGHJKLMNPRTVWXZ"
        return {
            "postcode": f"{postcode_base + rng.randrange(20)}{rng.choice(letters)}{rng.choice(letters)}",
            "house_number": str(rng.randint(1, 250)),
            "house_number_addition": rng.choice(("", "", "", "", "a", "b", "2", "hs")),
            "street": rng.choice(STREETS),
            "place": place,
        }

    def person(self) -> dict:
        rng = self.rng
        birth = f"{rng.randint(1955, 2011)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        return {
            "name": self.people.draw(),
            "date_of_birth": birth if rng.random() < 0.4 else "",
            "nationality": rng.choice(NATIONALITIES),
            "gender": rng.choice(GENDERS),
            "description": rng.choice(("", "", "lang donker haar", "spreekt gebroken Engels", "tatoeage op arm",
                                       "draagt werkkleding", "ongeveer 30 jaar")),
        }

    def company(self) -> dict:
        name, kvk = self.companies.draw()
        return {"name": name, "kvk": kvk if self.rng.random() < 0.6 else ""}

    def vehicle(self) -> dict:
        return {"plate": self.plates.draw(), "description": self.rng.choice(("", "witte bus", "zwarte Mercedes"))}

    def phone(self) -> dict:
        return {"number": self.phones.draw()}

    def email(self) -> dict:
        return {"address": self.emails.draw()}

    def website(self) -> dict:
        return {"url": self.websites.draw(), "description": self.rng.choice(("", "advertentie", "vacature"))}

    def reporter_contact(self) -> dict:
        rng = self.rng
        return {"name": self._person_name(rng), "email": self._email(rng), "phone": self._phone(rng)}
