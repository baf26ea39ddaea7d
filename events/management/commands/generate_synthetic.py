"""Fill an empty database with synthetic but realistic cases, for benchmarks and load tests.

    .venv/bin/python manage.py generate_synthetic --scale 0.01 --seed 1
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python manage.py generate_synthetic

Every chain link is generated: places (countries, regions, cities with their districts and
villages, with Kazakh and Russian spellings; protests, courts and homes linked to them),
courts, people (20% under a Kazakh Cyrillic name, some with several spellings in Latin,
Kazakh and Russian Cyrillic), the activist groups some of them are members of, protests
(some grouped under a campaign), proceedings (linked to the protest they arose from, with
charges and, for some criminal cases, pretrial detention), one ruling each, sentences of
every kind and status with realistic terms and fines, hearings (every criminal case, some
administrative ones, a few cases transferred between courts), the people of a court (a
small pool of people serve as judges, prosecutors and defence lawyers across many cases),
sources and citations. The output is the same for the same --seed and sizes (timestamps
aside). Sizes default to a realistic large data set; --scale multiplies every default but
the number of activist groups (``--scale 0.001`` is a quick run), and explicit sizes win.

Publication: --draft-share of every kind of record is left unpublished (draft, in review
or retracted), --protected-share of people are protected (shown under a pseudonym). Every
published record gets at least one published citation of a published source, so it is
publicly visible: --citations is raised to that minimum when it is lower (the command says
so); citations beyond it go to random records (a second source, a field, sometimes a
conflicting reported value). Every record's internal notes say it is synthetic.

Rows are written with bulk_create in batches inside one transaction per model; partial-date
companions and search keys are computed by their fields' descriptors, so bulk_create fills
them (the database's check constraints would refuse the rows otherwise).
"""

from __future__ import annotations

import bisect
import random
import time
from collections import namedtuple
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events.models import (
    DAYS_PER_UNIT,
    Charge,
    CourtRole,
    CourtRoleKind,
    Currency,
    DetentionCircumstance,
    Hearing,
    HearingKind,
    Instance,
    LegalCode,
    MeasureChange,
    MeasureChangeKind,
    MeasureKind,
    Occasion,
    OccasionKind,
    Outcome,
    Plea,
    PretrialMeasure,
    Proceeding,
    ProceedingKind,
    Protest,
    ProtestKind,
    ProtestStatus,
    Ruling,
    Sentence,
    SentenceKind,
    SentenceStatus,
    TermUnit,
    UnnamedCount,
)
from people.models import (
    Affiliation,
    NameOrigin,
    Organization,
    OrganizationKind,
    Person,
    PersonName,
    ReportedAge,
    Script,
)
from places.models import Place, PlaceKind, PlaceName
from publishing import upkeep
from publishing.models import PublicationStatus, Record
from sources.models import Citation, Confidence, Source

DEFAULTS = {
    "people": 100_000,
    "protests": 3_000,
    "proceedings": 150_000,
    "courts": 400,
    "movements": 40,
    "affiliations": 8_000,
    "sentences": 300_000,
    "sources": 50_000,
    "citations": 600_000,
}
# Sizes --scale leaves alone: the activist groups are as many at any size (their members are
# scaled), so that a group's share of the cases, and the filter's growth, do not depend on it.
UNSCALED = {"movements"}
SYNTHETIC_NOTE = "Synthetic record (manage.py generate_synthetic --seed {seed})."
PUBLISHED = PublicationStatus.PUBLISHED
FIRST_DAY, LAST_DAY = date(2018, 1, 1), date(2025, 10, 31)

# --- Names: (Latin, Kazakh Cyrillic, Russian Cyrillic, other Latin spellings seen) --------
MALE_NAMES = [
    ("Serik", "Серік", "Серик", ()),
    ("Nurlan", "Нұрлан", "Нурлан", ("Nurlon",)),
    ("Yerlan", "Ерлан", "Ерлан", ("Erlan",)),
    ("Askar", "Асқар", "Аскар", ("Asqar",)),
    ("Bauyrzhan", "Бауыржан", "Бауыржан", ("Baurzhan", "Bauyrjan")),
    ("Daulet", "Дәулет", "Даулет", ()),
    ("Yerzhan", "Ержан", "Ержан", ("Erzhan",)),
    ("Kairat", "Қайрат", "Кайрат", ("Qairat", "Kayrat")),
    ("Marat", "Марат", "Марат", ()),
    ("Nurbolat", "Нұрболат", "Нурболат", ()),
    ("Zhanibek", "Жәнібек", "Жанибек", ("Janibek", "Dzhanibek")),
    ("Aibek", "Айбек", "Айбек", ("Aybek",)),
    ("Murat", "Мұрат", "Мурат", ()),
    ("Talgat", "Талғат", "Талгат", ("Talghat",)),
    ("Yerbol", "Ербол", "Ербол", ("Erbol",)),
    ("Alimnur", "Әлімнұр", "Алимнур", ()),
    ("Kunbolat", "Құнболат", "Кунболат", ("Qunbolat",)),
    ("Bekzat", "Бекзат", "Бекзат", ()),
    ("Olzhas", "Олжас", "Олжас", ("Oljas",)),
    ("Sanzhar", "Санжар", "Санжар", ("Sanjar",)),
    ("Nurzhan", "Нұржан", "Нуржан", ()),
    ("Ruslan", "Руслан", "Руслан", ()),
    ("Sultan", "Сұлтан", "Султан", ()),
    ("Temirlan", "Темірлан", "Темирлан", ()),
    ("Azamat", "Азамат", "Азамат", ()),
    ("Dauren", "Дәурен", "Даурен", ()),
    ("Bakytzhan", "Бақытжан", "Бакытжан", ("Baqytzhan",)),
    ("Galym", "Ғалым", "Галым", ("Ghalym",)),
    ("Yesbol", "Есбол", "Есбол", ("Esbol",)),
    ("Zhenis", "Жеңіс", "Женис", ("Zhenys",)),
    ("Kuanysh", "Қуаныш", "Куаныш", ("Quanysh",)),
    ("Berik", "Берік", "Берик", ()),
    ("Duman", "Думан", "Думан", ()),
    ("Rakhat", "Рахат", "Рахат", ("Rahat",)),
]
FEMALE_NAMES = [
    ("Aigerim", "Әйгерім", "Айгерим", ("Aygerim",)),
    ("Sherizat", "Шеризат", "Шеризат", ()),
    ("Gulnara", "Гүлнара", "Гульнара", ("Gulnar",)),
    ("Saule", "Сәуле", "Сауле", ()),
    ("Aizhan", "Айжан", "Айжан", ("Ayzhan",)),
    ("Dinara", "Динара", "Динара", ()),
    ("Zhanar", "Жанар", "Жанар", ("Janar",)),
    ("Ainur", "Айнұр", "Айнур", ("Aynur",)),
    ("Madina", "Мадина", "Мадина", ()),
    ("Gulzhan", "Гүлжан", "Гульжан", ()),
    ("Akmaral", "Ақмарал", "Акмарал", ("Aqmaral",)),
    ("Zhuldyz", "Жұлдыз", "Жулдыз", ("Juldyz",)),
    ("Asel", "Әсел", "Асель", ()),
    ("Kamshat", "Қамшат", "Камшат", ("Qamshat",)),
    ("Nazgul", "Назгүл", "Назгуль", ()),
    ("Togzhan", "Тоғжан", "Тогжан", ()),
    ("Ulzhan", "Ұлжан", "Улжан", ()),
    ("Gaukhar", "Гауһар", "Гаухар", ("Gauhar",)),
    ("Raushan", "Раушан", "Раушан", ()),
    ("Botagoz", "Ботагөз", "Ботагоз", ()),
]
# Surnames ending in -ov/-ev/-in take a feminine -a; the others do not change.
SURNAMES = [
    ("Azhibay", "Әжібай", "Ажибай", ("Azhibai", "Azihibai")),
    ("Turganbay", "Тұрғанбай", "Турганбай", ("Turgunbay", "Turganbai")),
    ("Bilash", "Білаш", "Билаш", ()),
    ("Serikbayev", "Серікбаев", "Серикбаев", ("Serikbaev",)),
    ("Akhmetov", "Ахметов", "Ахметов", ("Ahmetov",)),
    ("Zhaksylykov", "Жақсылықов", "Жаксылыков", ("Zhaksylyqov",)),
    ("Omarov", "Омаров", "Омаров", ()),
    ("Nurpeisov", "Нұрпейісов", "Нурпеисов", ()),
    ("Sarsenbayev", "Сәрсенбаев", "Сарсенбаев", ("Sarsenbaev",)),
    ("Kassymov", "Қасымов", "Касымов", ("Kasymov", "Qasymov")),
    ("Abdrakhmanov", "Әбдірахманов", "Абдрахманов", ("Abdrahmanov",)),
    ("Baimukhanov", "Баймұханов", "Баймуханов", ("Baymukhanov",)),
    ("Yesenov", "Есенов", "Есенов", ("Esenov",)),
    ("Mukhametzhanov", "Мұхаметжанов", "Мухаметжанов", ("Muhametzhanov",)),
    ("Utepov", "Өтепов", "Утепов", ("Otepov",)),
    ("Kudaibergenov", "Құдайбергенов", "Кудайбергенов", ("Kudaybergenov",)),
    ("Zhumabayev", "Жұмабаев", "Жумабаев", ("Zhumabaev", "Jumabaev")),
    ("Iskakov", "Ысқақов", "Искаков", ("Yskakov",)),
    ("Tursynbayev", "Тұрсынбаев", "Турсынбаев", ()),
    ("Kenzhebekov", "Кенжебеков", "Кенжебеков", ()),
    ("Amanzhol", "Аманжол", "Аманжол", ("Amanjol",)),
    ("Yerkinbay", "Еркінбай", "Еркинбай", ("Erkinbai",)),
    ("Nurmaganbetov", "Нұрмағанбетов", "Нурмаганбетов", ()),
    ("Sadykov", "Садықов", "Садыков", ("Sadyqov",)),
    ("Ospanov", "Оспанов", "Оспанов", ()),
    ("Beisenov", "Бейсенов", "Бейсенов", ("Beysenov",)),
    ("Smagulov", "Смағұлов", "Смагулов", ()),
    ("Kunanbay", "Құнанбай", "Кунанбай", ("Qunanbai",)),
    ("Tleuberdi", "Тілеуберді", "Тлеуберди", ()),
    ("Zhakupov", "Жақыпов", "Жакупов", ()),
    ("Dosmukhamedov", "Досмұхамедов", "Досмухамедов", ()),
    ("Myrzakhmet", "Мырзахмет", "Мырзахмет", ()),
    ("Kaliyev", "Қалиев", "Калиев", ("Kaliev",)),
    ("Tokhtarov", "Тохтаров", "Тохтаров", ()),
    ("Abilov", "Әбілов", "Абилов", ()),
    ("Suleimenov", "Сүлейменов", "Сулейменов", ("Suleymenov",)),
    ("Zhunusov", "Жүнісов", "Жунусов", ()),
    ("Yelubay", "Елубай", "Елубай", ("Elubai",)),
    ("Nauryzbay", "Наурызбай", "Наурызбай", ("Nauryzbai",)),
    ("Baitursyn", "Байтұрсын", "Байтурсын", ()),
]

# (Latin, Kazakh, Russian, latitude, longitude, weight)
CITIES = [
    ("Almaty", "Алматы", "Алматы", 43.238, 76.946, 30),
    ("Astana", "Астана", "Астана", 51.169, 71.449, 12),
    ("Shymkent", "Шымкент", "Шымкент", 42.342, 69.590, 6),
    ("Taldykorgan", "Талдықорған", "Талдыкорган", 45.017, 78.373, 6),
    ("Zharkent", "Жаркент", "Жаркент", 44.166, 80.000, 5),
    ("Oskemen", "Өскемен", "Усть-Каменогорск", 49.948, 82.628, 3),
    ("Semey", "Семей", "Семей", 50.411, 80.227, 3),
    ("Aktobe", "Ақтөбе", "Актобе", 50.283, 57.167, 3),
    ("Karaganda", "Қарағанды", "Караганда", 49.806, 73.085, 3),
    ("Pavlodar", "Павлодар", "Павлодар", 52.287, 76.967, 2),
    ("Kostanay", "Қостанай", "Костанай", 53.214, 63.632, 2),
    ("Kyzylorda", "Қызылорда", "Кызылорда", 44.853, 65.509, 2),
    ("Taraz", "Тараз", "Тараз", 42.900, 71.367, 2),
    ("Atyrau", "Атырау", "Атырау", 47.094, 51.924, 2),
    ("Aktau", "Ақтау", "Актау", 43.651, 51.160, 2),
    ("Oral", "Орал", "Уральск", 51.233, 51.367, 2),
    ("Petropavl", "Петропавл", "Петропавловск", 54.875, 69.162, 1),
    ("Kokshetau", "Көкшетау", "Кокшетау", 53.283, 69.400, 1),
    ("Turkistan", "Түркістан", "Туркестан", 43.297, 68.252, 1),
    ("Zhanaozen", "Жаңаөзен", "Жанаозен", 43.341, 52.862, 2),
    ("Konaev", "Қонаев", "Конаев", 43.867, 77.067, 1),
    ("Ekibastuz", "Екібастұз", "Экибастуз", 51.723, 75.323, 1),
]
CITY_WEIGHTS = [city[5] for city in CITIES]
# The groups people are members of: each cause in each city ("Relatives of the Detained
# (Almaty)"), as many as --movements asks for.
MOVEMENT_CAUSES = [
    "Relatives of the Detained",
    "Volunteers for Kazakhs in Xinjiang",
    "Civic Youth Initiative",
    "Free Assembly Committee",
]
DISTRICTS = {
    "Almaty": ["Almaly", "Bostandyk", "Medeu", "Auezov", "Alatau", "Zhetysu", "Turksib"],
    "Astana": ["Yesil", "Saryarka", "Almaty", "Baikonyr", "Nura"],
    "Shymkent": ["Abai", "Al-Farabi", "Yenbekshi", "Karatau"],
}
# The region of each city (None: a city of republican significance, directly in the country).
CITY_REGIONS = {
    "Taldykorgan": "Zhetysu", "Zharkent": "Zhetysu", "Oskemen": "East Kazakhstan",
    "Semey": "Abai", "Aktobe": "Aktobe", "Karaganda": "Karaganda", "Pavlodar": "Pavlodar",
    "Ekibastuz": "Pavlodar", "Kostanay": "Kostanay", "Kyzylorda": "Kyzylorda",
    "Taraz": "Zhambyl", "Atyrau": "Atyrau", "Aktau": "Mangystau", "Zhanaozen": "Mangystau",
    "Oral": "West Kazakhstan", "Petropavl": "North Kazakhstan", "Kokshetau": "Akmola",
    "Turkistan": "Turkistan", "Konaev": "Almaty",
}  # fmt: skip
# Villages: (Latin, Kazakh Cyrillic) halves of common Kazakh place names ("Aktobe", "Karasu").
VILLAGE_PARTS = (
    [("Ak", "Ақ"), ("Kara", "Қара"), ("Kok", "Көк"), ("Sary", "Сары"), ("Zhana", "Жаңа")],
    [("tobe", "төбе"), ("su", "су"), ("bulak", "бұлақ"), ("agash", "ағаш"), ("kol", "көл")],
)
CHINESE_COURTS = [
    "Ili Kazakh Autonomous Prefecture Intermediate People's Court",
    "Ghulja (Yining) City People's Court",
    "Tacheng Prefecture Intermediate People's Court",
    "Altay Prefecture Intermediate People's Court",
    "Urumqi Intermediate People's Court",
    "Mongolkure (Zhaosu) County People's Court",
    "Nilka County People's Court",
    "Tekes County People's Court",
    "Chapchal (Qapqal) County People's Court",
    "Dorbiljin (Emin) County People's Court",
]
# (English, Russian genitive, Kazakh)
TARGETS = [
    ("the Chinese consulate", "консульства КНР", "ҚХР консулдығы"),
    ("the Chinese embassy", "посольства КНР", "ҚХР елшілігі"),
    ("the akimat", "акимата", "әкімдік"),
    ("the Ministry of Foreign Affairs", "МИД", "Сыртқы істер министрлігі"),
    ("the Prosecutor General's Office", "Генпрокуратуры", "Бас прокуратура"),
    ("the Supreme Court", "Верховного суда", "Жоғарғы сот"),
    ("the Parliament", "Парламента", "Парламент"),
    ("the police department", "департамента полиции", "полиция департаменті"),
]
DEMANDS = [
    "Release of relatives detained in Xinjiang",
    "Information about family members held in China",
    "Registration of the movement as a political party",
    "An end to the prosecution of fellow activists",
    "Freedom of assembly",
    "A meeting with the Chinese ambassador",
]
PROTEST_KINDS = [
    (ProtestKind.SOLO_PICKET, 36),
    (ProtestKind.PICKET, 26),
    (ProtestKind.RALLY, 18),
    (ProtestKind.MARCH, 5),
    (ProtestKind.ONLINE, 10),
    (ProtestKind.OTHER, 2),
]
# (code, article, as reported, weight)
ADMIN_CHARGES = [
    (
        LegalCode.ADMINISTRATIVE,
        "Art. 488",
        "violating the procedure for holding peaceful assemblies",
        70,
    ),
    (LegalCode.ADMINISTRATIVE, "Art. 434", "petty hooliganism", 8),
    (LegalCode.ADMINISTRATIVE, "Art. 667", "disobeying a lawful order of a police officer", 10),
    (LegalCode.ADMINISTRATIVE, "Art. 453", "spreading false information", 5),
    (LegalCode.ADMINISTRATIVE, "", "taking part in an unauthorized rally", 7),
]
CRIMINAL_CHARGES = [
    (LegalCode.CRIMINAL, "Art. 174", "inciting social or national discord", 35),
    (LegalCode.CRIMINAL, "Art. 405", "participating in a banned extremist organization", 20),
    (LegalCode.CRIMINAL, "Art. 272", "mass riots", 10),
    (LegalCode.CRIMINAL, "Art. 400", "violating the procedure for holding peaceful assemblies", 15),
    (LegalCode.CRIMINAL, "Art. 274", "spreading knowingly false information", 12),
    (LegalCode.CRIMINAL, "Art. 378", "insulting a public official", 5),
    (LegalCode.CRIMINAL, "", "organizing an illegal protest", 3),
]
CHINESE_CHARGES = [
    (LegalCode.OTHER, "", "picking quarrels and provoking trouble", 40),
    (LegalCode.OTHER, "", "separatism", 25),
    (LegalCode.OTHER, "", "inciting ethnic hatred", 20),
    (LegalCode.OTHER, "", "gathering a crowd to disturb public order", 15),
]
# Monthly calculation index (MCI) in tenge, by year: fines are set in MCI.
MCI_KZT = {
    2018: 2405,
    2019: 2525,
    2020: 2778,
    2021: 2917,
    2022: 3063,
    2023: 3450,
    2024: 3692,
    2025: 3932,
    2026: 4325,
}
KZT_PER_USD = 470
# Fictional outlets: (name, language, slug, weight). Synthetic articles must never be
# mistaken for a real outlet's reporting.
OUTLETS = [
    ("Steppe Wire", "en", "steppe-wire", 10),
    ("Eurasia Monitor", "en", "eurasia-monitor", 8),
    ("Central Asia Review", "en", "ca-review", 5),
    ("Rights Bulletin", "en", "rights-bulletin", 3),
    ("Dala Radio", "kk", "dala-radio-kk", 10),
    ("Dala Radio", "ru", "dala-radio-ru", 10),
    ("Vremya Almaty", "ru", "vremya-almaty", 8),
    ("Zhana Kun", "kk", "zhana-kun", 5),
    ("Novosti Stepi", "ru", "novosti-stepi", 6),
]
OUTLET_WEIGHTS = [outlet[3] for outlet in OUTLETS]
HEADLINES = {
    "en": [
        "Kazakh activist jailed after picket outside {target} in {city}",
        "Court in {city} fines protesters over Xinjiang rally",
        "Relatives of Xinjiang detainees keep up protest in {city}",
        "{name} sentenced as crackdown on Xinjiang activists widens",
        "Police detain protesters outside {target} in {city}",
        "Kazakhstan: activists face charges after {city} demonstration",
    ],
    "ru": [
        "В {city} задержали участников пикета у {target}",
        "Суд в {city} оштрафовал активистов",
        "{name} арестован(а) после акции",
        "Родственники задержанных в Синьцзяне вновь вышли на пикет",
    ],
    "kk": [
        "{city} қаласында белсенділер ұсталды",
        "{name} сотталды",
        "Шыңжаңдағы туыстары үшін наразылық",
        "{city}: пикетке шыққандар айыппұл төледі",
    ],
}

# Sentence terms: (quantity, weight) per kind, with the unit they are reported in.
DETENTION_DAYS = [
    (1, 2),
    (2, 2),
    (3, 4),
    (5, 8),
    (7, 6),
    (10, 16),
    (15, 26),
    (20, 8),
    (25, 4),
    (30, 6),
]
IMPRISONMENT_YEARS = [
    (1, 6),
    (2, 10),
    (3, 12),
    (4, 10),
    (5, 12),
    (6, 9),
    (7, 10),
    (8, 7),
    (9, 4),
    (10, 5),
    (12, 3),
    (15, 2),
    (20, 1),
]
RESTRICTION_YEARS = [(1, 15), (2, 25), (3, 25), (4, 10), (5, 15), (7, 5)]
SUSPENDED_YEARS = [(1, 20), (2, 30), (3, 30), (4, 10), (5, 10)]
PROBATION_MONTHS = [(6, 20), (12, 35), (18, 15), (24, 20), (36, 10)]
BAN_YEARS = [(1, 10), (2, 15), (3, 20), (5, 20), (7, 15), (10, 10)]
TRAVEL_BAN_MONTHS = [(6, 30), (12, 40), (24, 20), (36, 10)]
HOUSE_ARREST_MONTHS = [(1, 30), (2, 30), (3, 25), (6, 15)]
ADMIN_FINE_MCI = [(5, 5), (10, 10), (20, 15), (30, 10), (50, 20), (100, 20), (150, 10), (200, 10)]
CRIMINAL_FINE_MCI = [(200, 15), (500, 25), (1000, 25), (2000, 15), (3000, 10), (5000, 7), (7000, 3)]
ADMIN_PRINCIPAL = [
    (SentenceKind.ADMINISTRATIVE_DETENTION, 62),
    (SentenceKind.FINE, 35),
    (SentenceKind.WARNING, 4),
    (SentenceKind.OTHER, 3),
]
CRIMINAL_PRINCIPAL = [
    (SentenceKind.IMPRISONMENT, 34),
    (SentenceKind.RESTRICTION_OF_FREEDOM, 24),
    (SentenceKind.SUSPENDED, 10),
    (SentenceKind.PROBATION, 6),
    (SentenceKind.HOUSE_ARREST, 5),
    (SentenceKind.FINE, 15),
    (SentenceKind.ACTIVITY_BAN, 4),
    (SentenceKind.TRAVEL_BAN, 2),
]
CRIMINAL_ADDITIONAL = [
    (SentenceKind.ACTIVITY_BAN, 40),
    (SentenceKind.TRAVEL_BAN, 15),
    (SentenceKind.FINE, 25),
    (SentenceKind.PROBATION, 20),
    (SentenceKind.EXPULSION, 5),
]
ADMIN_ADDITIONAL = [
    (SentenceKind.FINE, 60),
    (SentenceKind.ADMINISTRATIVE_DETENTION, 40),
    (SentenceKind.EXPULSION, 4),
]
# Days of the penalty one day in custody counts for (a colony-settlement: 1.5, …).
CUSTODY_RATIOS = [(Decimal("1"), 60), (Decimal("1.5"), 25), (Decimal("2"), 15)]

MEASURE_WORDS = {
    MeasureKind.DETENTION: "placed in pretrial detention",
    MeasureKind.HOUSE_ARREST: "placed under house arrest",
    MeasureKind.TRAVEL_BAN: "barred from leaving the city",
}
PROTECTED_MENTION = {
    "en": "a relative who asked not to be named",
    "ru": "родственник, попросивший не называть его имени",
    "kk": "атын атамауды сұраған туысы",
}

PersonInfo = namedtuple("PersonInfo", "pk published protected latin kazakh russian city")
CourtInfo = namedtuple("CourtInfo", "pk published name country")
MovementInfo = namedtuple("MovementInfo", "pk published name")
AffiliationInfo = namedtuple("AffiliationInfo", "pk published person movement role")
ProtestInfo = namedtuple("ProtestInfo", "pk published title day city target")
ProceedingInfo = namedtuple("ProceedingInfo", "pk published person court kind country day unnamed")
FactInfo = namedtuple("FactInfo", "pk published case text")  # case: index of the proceeding
SourceInfo = namedtuple("SourceInfo", "pk published language day")
Term = namedtuple("Term", "kind status quantity unit fine currency")
PROTEST_STATUSES = [
    (ProtestStatus.HELD, 88),
    (ProtestStatus.DISPERSED, 7),
    (ProtestStatus.PREVENTED, 4),
    (ProtestStatus.PLANNED, 1),
]
CIRCUMSTANCES = [
    ("", 40),
    (DetentionCircumstance.AT_PROTEST, 30),
    (DetentionCircumstance.SUMMONED, 10),
    (DetentionCircumstance.AT_HOME, 10),
    (DetentionCircumstance.TRANSPORT, 5),
    (DetentionCircumstance.MISSING, 3),
    (DetentionCircumstance.OTHER, 2),
]
OCCASIONS = [
    (OccasionKind.STATE_VISIT, "State visit of the Chinese leader"),
    (OccasionKind.SUMMIT, "Shanghai Cooperation Organisation summit"),
    (OccasionKind.ANNIVERSARY, "Anniversary of the first camp reports"),
    (OccasionKind.ELECTION, "Presidential election"),
    (OccasionKind.TRIAL, "Opening of a trial of activists"),
]
MOVED_TO = ["Aqtobe", "Shymkent", "Taldykorgan", "Uzynagash", "Zharkent"]
# Detentions no case followed, beyond --proceedings: this share of it (rounded down, so a
# tiny run has none and keeps one ruling per proceeding).
WITHOUT_CASE_SHARE = 0.005


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def batches(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def random_day(rng: random.Random, first: date = FIRST_DAY, last: date = LAST_DAY) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def partial(rng: random.Random, day: date, *, month_share=0.2, year_share=0.04) -> str:
    """A partial date as sources give it: usually the day, sometimes the month or year."""
    roll = rng.random()
    if roll < year_share:
        return f"{day.year:04d}"
    if roll < year_share + month_share:
        text = f"{day.year:04d}-{day.month:02d}"
        return "~" + text if rng.random() < 0.1 else text
    return day.isoformat()


def plural_ru(number, one, few, many) -> str:
    number = int(number)
    if number % 10 == 1 and number % 100 != 11:
        return one
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return few
    return many


def number(value) -> str:
    value = Decimal(value).normalize()
    return f"{value:,f}" if value == value.to_integral() else f"{value:f}"


class Synthetic:
    """Builds the records in chain order, keeping only ids and a little text for citations."""

    def __init__(self, *, seed, sizes, draft_share, protected_share, batch_size, log):
        self.seed = seed
        self.sizes = sizes
        self.draft_share = draft_share
        self.protected_share = protected_share
        self.batch_size = batch_size
        self.log = log
        self.note = SYNTHETIC_NOTE.format(seed=seed)
        self.timings = []

    # --- helpers ---------------------------------------------------------------------------
    def rng(self, stream: str) -> random.Random:
        # One stream per model: changing one size leaves the other models' values alone.
        return random.Random(f"casetracker-synthetic:{self.seed}:{stream}")

    def status(self, rng: random.Random) -> str:
        if rng.random() >= self.draft_share:
            return PUBLISHED
        return weighted(
            rng,
            [
                (PublicationStatus.DRAFT, 6),
                (PublicationStatus.REVIEW, 3),
                (PublicationStatus.RETRACTED, 1),
            ],
        )

    def insert(self, label, model, objects) -> list[int]:
        """bulk_create ``objects`` (an iterable) in batches; return the new primary keys."""
        started = time.perf_counter()
        pks = []
        # Synthetic rows are no one's edit (no history); visibility flags are computed once
        # for everything at the end (publishing.upkeep.refresh_all), not per batch.
        options = (
            {"record_history": False, "refresh_visibility": False}
            if issubclass(model, Record)
            else {}
        )
        with transaction.atomic():
            for batch in batches(objects, self.batch_size):
                model.objects.bulk_create(batch, batch_size=self.batch_size, **options)
                pks.extend(obj.pk for obj in batch)
        seconds = time.perf_counter() - started
        self.timings.append((label, len(pks), seconds))
        rate = len(pks) / seconds if seconds else 0
        self.log(f"{label:<22} {len(pks):>10,} rows {seconds:>8.1f} s {rate:>10,.0f} rows/s")
        return pks

    # --- places ----------------------------------------------------------------------------
    def make_places(self):
        """Countries, regions, the cities (with their districts) and villages: a few hundred
        places, level by level (a place's parent is inserted before it), each city with its
        Kazakh and Russian spellings. Published: a gazetteer entry needs no citation."""
        rng = self.rng("places")
        names = []

        def level(label, rows):
            pks = self.insert(label, Place, [row for row, _ in rows])
            for pk, (_, spellings) in zip(pks, rows, strict=True):
                names.extend((pk, name, script) for name, script in spellings)
            return pks

        def place(name, kind, parent=None, spellings=(), coordinates=None):
            latitude, longitude = coordinates or (None, None)
            row = Place(
                name=name,
                kind=kind,
                parent_id=parent,
                latitude=None if latitude is None else Decimal(f"{latitude:.5f}"),
                longitude=None if longitude is None else Decimal(f"{longitude:.5f}"),
                coordinate_precision="locality" if coordinates else "",
                publication_status=PUBLISHED if rng.random() >= self.draft_share / 4 else "draft",
                internal_notes=self.note,
            )
            unique = [(n, script) for n, script in dict(spellings).items() if n != name]
            return row, unique

        kazakhstan, china = level(
            "place countries",
            [
                place(
                    "Kazakhstan", PlaceKind.COUNTRY, spellings={"Қазақстан": Script.KAZAKH_CYRILLIC}
                ),
                place("China", PlaceKind.COUNTRY, spellings={"中国": Script.CHINESE}),
            ],
        )
        regions = sorted(set(CITY_REGIONS.values()))
        region_pks = level(
            "place regions",
            [place(f"{region} Region", PlaceKind.REGION, kazakhstan) for region in regions]
            + [place("Xinjiang", PlaceKind.REGION, china, {"新疆": Script.CHINESE})],
        )
        self.region_places = dict(zip(regions, region_pks, strict=False))
        city_rows = [
            place(
                latin,
                PlaceKind.LOCALITY,
                self.region_places.get(CITY_REGIONS.get(latin), kazakhstan),
                {kazakh: Script.KAZAKH_CYRILLIC, russian: Script.CYRILLIC},
                (latitude, longitude),
            )
            for latin, kazakh, russian, latitude, longitude, _ in CITIES
        ]
        self.city_places = dict(
            zip([c[0] for c in CITIES], level("place cities", city_rows), strict=True)
        )
        districts = [
            place(f"{district} District", PlaceKind.DISTRICT, self.city_places[city])
            for city, names_ in DISTRICTS.items()
            for district in names_
        ]
        villages = [
            place(
                first[0] + second[0],
                PlaceKind.LOCALITY,
                region_pk,
                {first[1] + second[1]: Script.KAZAKH_CYRILLIC},
            )
            for region_pk in region_pks[:-1]
            for first in VILLAGE_PARTS[0]
            for second in VILLAGE_PARTS[1]
            if first[0] + second[0] not in self.city_places
        ]
        level("place districts", districts)
        level("place villages", villages)
        self.insert(
            "place names",
            PlaceName,
            (
                PlaceName(
                    place_id=pk,
                    name=name,
                    script=script,
                    origin=NameOrigin.RESEARCHER,
                    publication_status=PUBLISHED,
                    internal_notes=self.note,
                )
                for pk, name, script in names
            ),
        )

    # --- courts ----------------------------------------------------------------------------
    def court_names(self, count):
        chinese = CHINESE_COURTS[: min(len(CHINESE_COURTS), round(count * 0.025))]
        kazakh = []
        for city, *_ in CITIES:
            kazakh.append(f"Specialized Inter-District Administrative Court of {city}")
            kazakh.append(f"Specialized Inter-District Criminal Court of {city}")
        for city, *_ in CITIES:
            kazakh.append(f"{city} City Court")
            kazakh.extend(
                f"{district} District Court of {city}" for district in DISTRICTS.get(city, [])
            )
        number_ = 2
        while len(kazakh) + len(chinese) < count:
            kazakh.extend(f"District Court No. {number_} of {city}" for city, *_ in CITIES)
            number_ += 1
        names = [(name, "Kazakhstan") for name in kazakh[: count - len(chinese)]]
        return names + [(name, "China") for name in chinese]

    def make_courts(self):
        rng = self.rng("courts")
        names = self.court_names(self.sizes["courts"])
        rows = [
            Organization(
                name=name,
                kind=OrganizationKind.COURT,
                country=country,
                locality=next((c[0] for c in CITIES if c[0] in name), ""),
                location_id=next(
                    (pk for city, pk in self.city_places.items() if city in name), None
                ),
                publication_status=self.status(rng),
                internal_notes=self.note,
            )
            for name, country in names
        ]
        pks = self.insert("courts", Organization, rows)
        self.courts = [
            CourtInfo(pk, row.publication_status == PUBLISHED, row.name, row.country)
            for pk, row in zip(pks, rows, strict=True)
        ]
        self.kazakh_courts = [i for i, court in enumerate(self.courts) if court.country != "China"]
        self.chinese_courts = [i for i, court in enumerate(self.courts) if court.country == "China"]

    # --- movements and their members -------------------------------------------------------
    def make_movements(self):
        """Activist groups and NGOs, one per kind of cause and city, so that the case list's
        filter by affiliation (its members' cases) has groups large and small."""
        rng = self.rng("movements")
        names = [f"{cause} ({city})" for city, *_ in CITIES for cause in MOVEMENT_CAUSES]
        names = names[: self.sizes["movements"]]
        rows = [
            Organization(
                name=name,
                kind=rng.choice([OrganizationKind.MOVEMENT, OrganizationKind.NGO]),
                country="Kazakhstan",
                publication_status=self.status(rng),
                internal_notes=self.note,
            )
            for name in names
        ]
        pks = self.insert("movements", Organization, rows)
        self.movements = [
            MovementInfo(pk, row.publication_status == PUBLISHED, row.name)
            for pk, row in zip(pks, rows, strict=True)
        ]

    def make_affiliations(self):
        """People's memberships: a few groups hold most of them (weights 1/rank)."""
        rng = self.rng("affiliations")
        self.affiliations = []
        if not self.movements or not self.people:
            return
        weights = [1 / (rank + 1) for rank in range(len(self.movements))]
        roles = [("member", 80), ("volunteer", 12), ("coordinator", 6), ("founder", 2)]
        plan, seen = [], set()
        for _ in range(self.sizes["affiliations"]):
            movement = rng.choices(range(len(self.movements)), weights)[0]
            person = rng.randrange(len(self.people))
            if (person, movement) in seen:  # a member once
                continue
            seen.add((person, movement))
            plan.append((person, movement, weighted(rng, roles), self.status(rng)))
        rows = [
            Affiliation(
                person_id=self.people[person].pk,
                organization_id=self.movements[movement].pk,
                role=role,
                publication_status=status,
                internal_notes=self.note,
            )
            for person, movement, role, status in plan
        ]
        pks = self.insert("affiliations", Affiliation, rows)
        self.affiliations = [
            AffiliationInfo(pk, status == PUBLISHED, person, movement, role)
            for pk, (person, movement, role, status) in zip(pks, plan, strict=True)
        ]

    # --- people and their names ------------------------------------------------------------
    def make_people(self):
        rng = self.rng("people")
        self.people = []
        self.name_rows = []

        def rows():
            for index in range(self.sizes["people"]):
                female = rng.random() < 0.3
                given = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
                surname = rng.choice(SURNAMES)
                gendered = surname[0].endswith(("ov", "ev", "in"))
                suffix_latin, suffix_cyrillic = ("a", "а") if female and gendered else ("", "")
                latin = f"{given[0]} {surname[0]}{suffix_latin}"
                kazakh = f"{given[1]} {surname[1]}{suffix_cyrillic}"
                russian = f"{given[2]} {surname[2]}{suffix_cyrillic}"
                preferred = kazakh if rng.random() < 0.2 else latin
                protected = rng.random() < self.protected_share
                city = weighted(rng, list(zip(CITIES, CITY_WEIGHTS, strict=True)))
                birth = ""
                if rng.random() < 0.6:
                    birth = str(rng.randint(1950, 2004))
                person = Person(
                    preferred_name=preferred,
                    citizenship=weighted(rng, [("Kazakhstan", 93), ("China", 5), ("", 2)]),
                    ethnicity=weighted(
                        rng, [("Kazakh", 85), ("Uyghur", 6), ("Kyrgyz", 2), ("", 7)]
                    ),
                    birth_date=birth,
                    locality=(home := city[0] if rng.random() < 0.7 else ""),
                    residence_id=self.city_places.get(home),
                    is_protected=protected,
                    pseudonym=f"Relative {index + 1}" if protected else "",
                    protection_reason=(
                        "Close relatives still held in Xinjiang (synthetic)." if protected else ""
                    ),
                    publication_status=self.status(rng),
                    internal_notes=self.note,
                )
                spellings = self.spellings(
                    rng, preferred, latin, kazakh, russian, given, surname, suffix_latin
                )
                self.name_rows.append((index, spellings))
                self.people.append(
                    PersonInfo(
                        None,
                        person.publication_status == PUBLISHED,
                        protected,
                        latin,
                        kazakh,
                        russian,
                        city,
                    )
                )
                yield person

        pks = self.insert("people", Person, rows())
        self.people = [info._replace(pk=pk) for pk, info in zip(pks, self.people, strict=True)]

        name_rng = self.rng("person-names")
        self.names = []

        def name_rows():
            for index, spellings in self.name_rows:
                person = self.people[index]
                for name, script in spellings:
                    attested = name_rng.random() < 0.7
                    row = PersonName(
                        person_id=person.pk,
                        name=name,
                        script=script,
                        origin=NameOrigin.ATTESTED if attested else NameOrigin.RESEARCHER,
                        publication_status=self.status(name_rng),
                        internal_notes=self.note,
                    )
                    # Researchers' search aliases need no citation; attested names do.
                    self.names.append(
                        FactInfo(
                            None, row.publication_status == PUBLISHED and attested, index, name
                        )
                    )
                    yield row

        pks = self.insert("person names", PersonName, name_rows())
        self.names = [info._replace(pk=pk) for pk, info in zip(pks, self.names, strict=True)]
        del self.name_rows

        # One person in six has an age reported ("a 48-year-old"), at a month of the period.
        age_rng = self.rng("reported-ages")
        self.ages = []

        def age_rows():
            for index in range(len(self.people)):
                if age_rng.random() >= 1 / 6:
                    continue
                age = age_rng.randint(18, 75)
                day = random_day(age_rng)
                row = ReportedAge(
                    person_id=self.people[index].pk,
                    age=age,
                    as_of=f"{day:%Y-%m}",
                    as_reported=f"{age}-year-old",
                    publication_status=self.status(age_rng),
                    internal_notes=self.note,
                )
                self.ages.append(FactInfo(None, row.publication_status == PUBLISHED, index, age))
                yield row

        pks = self.insert("reported ages", ReportedAge, age_rows())
        self.ages = [info._replace(pk=pk) for pk, info in zip(pks, self.ages, strict=True)]

    @staticmethod
    def spellings(rng, preferred, latin, kazakh, russian, given, surname, suffix):
        """Some people are reported under several spellings and scripts."""
        if rng.random() >= 0.3:
            return []
        candidates = [(latin, Script.LATIN), (kazakh, Script.KAZAKH_CYRILLIC)]
        if russian != kazakh:
            candidates.append((russian, Script.CYRILLIC))
        for given_variant in (given[0], *given[3]):
            for surname_variant in (surname[0], *surname[3]):
                candidates.append((f"{given_variant} {surname_variant}{suffix}", Script.LATIN))
        candidates = [c for c in dict(candidates).items() if c[0] != preferred]
        return rng.sample(candidates, min(len(candidates), rng.choice([1, 1, 2, 2, 3])))

    # --- protests --------------------------------------------------------------------------
    def make_protests(self):
        rng = self.rng("protests")
        count = self.sizes["protests"]
        campaigns = max(0, round(count * 0.03)) if count >= 30 else 0
        self.protests = []
        status_rng = self.rng("protest-status")  # its own stream: other values stay put

        def protest(kind, day, *, end="", parent=None):
            city = weighted(rng, list(zip(CITIES, CITY_WEIGHTS, strict=True)))
            target = rng.choice(TARGETS)
            title = f"{kind.label} outside {target[0]} in {city[0]}"
            low = high = None
            as_reported = ""
            if kind == ProtestKind.SOLO_PICKET:
                low = high = 1
            elif kind != ProtestKind.ONLINE and rng.random() < 0.7:
                low = rng.randint(2, 60) if kind == ProtestKind.PICKET else rng.randint(10, 400)
                high = low + rng.choice([0, 0, low // 3, low])
                as_reported = f"around {low}" if high == low else f"between {low} and {high}"
            located = kind != ProtestKind.ONLINE and rng.random() < 0.5
            row = Protest(
                title=title,
                kind=kind,
                status=weighted(status_rng, PROTEST_STATUSES),
                parent_id=parent,
                start=partial(rng, day, month_share=0.15, year_share=0.02),
                end=end,
                place=f"outside {target[0]}" if kind != ProtestKind.ONLINE else "online",
                locality=city[0],
                region="",
                country="Kazakhstan",
                location_id=self.city_places[city[0]],
                latitude=Decimal(f"{city[3] + rng.uniform(-0.02, 0.02):.5f}") if located else None,
                longitude=Decimal(f"{city[4] + rng.uniform(-0.02, 0.02):.5f}") if located else None,
                coordinate_precision="locality" if located else "",
                target=target[0],
                demands=rng.choice(DEMANDS),
                crowd_low=low,
                crowd_high=high,
                crowd_as_reported=as_reported,
                detained_count=rng.randint(1, max(1, high or 1)) if rng.random() < 0.4 else None,
                publication_status=self.status(rng),
                internal_notes=self.note,
            )
            self.protests.append(
                ProtestInfo(None, row.publication_status == PUBLISHED, title, day, city, target)
            )
            return row

        campaign_spans = []
        rows = []
        for _ in range(campaigns):
            first = random_day(rng, FIRST_DAY, LAST_DAY - timedelta(days=200))
            last = first + timedelta(days=rng.randint(30, 200))
            campaign_spans.append((first, last))
            rows.append(protest(ProtestKind.CAMPAIGN, first, end=last.isoformat()))
        campaign_pks = self.insert("protest campaigns", Protest, rows) if rows else []
        self.protests = [
            info._replace(pk=pk) for pk, info in zip(campaign_pks, self.protests, strict=True)
        ]

        def single_days():
            for _ in range(count - campaigns):
                kind = weighted(rng, PROTEST_KINDS)
                if (
                    campaign_pks
                    and kind in (ProtestKind.PICKET, ProtestKind.SOLO_PICKET)
                    and (rng.random() < 0.3)
                ):
                    which = rng.randrange(len(campaign_pks))
                    first, last = campaign_spans[which]
                    yield protest(kind, random_day(rng, first, last), parent=campaign_pks[which])
                else:
                    yield protest(kind, random_day(rng))

        pks = self.insert("protests", Protest, single_days())
        self.protests[campaigns:] = [
            info._replace(pk=pk) for pk, info in zip(pks, self.protests[campaigns:], strict=True)
        ]

    # --- proceedings, charges, pretrial measures, rulings ----------------------------------
    def make_proceedings(self):
        rng = self.rng("proceedings")
        self.proceedings = []
        self.proceeding_protests = []

        def rows():
            for _ in range(self.sizes["proceedings"]):
                group = rng.random() < 0.01
                person = None if group else rng.randrange(len(self.people))
                china = rng.random() < 0.03
                criminal = china or rng.random() < 0.25
                kind = ProceedingKind.CRIMINAL if criminal else ProceedingKind.ADMINISTRATIVE
                protests = []
                if not china and self.protests and rng.random() < 0.9:
                    protests = rng.sample(
                        range(len(self.protests)), 2 if rng.random() < 0.05 else 1
                    )
                # Administrative cases are heard within days; criminal cases open later.
                day = max((self.protests[p].day for p in protests), default=None)
                day = (day or random_day(rng)) + timedelta(
                    days=rng.randint(0, 60 if criminal else 3)
                )
                pool = self.chinese_courts if china else self.kazakh_courts
                court = rng.choice(pool) if pool and rng.random() < 0.8 else None
                city = self.protests[protests[0]].city[0] if protests else "Almaty"
                if group:
                    # Most groups are counted; some only roughly, some not at all.
                    precision = rng.choice([UnnamedCount.EXACT] * 7 + list(UnnamedCount)[1:])
                    count = None if precision == UnnamedCount.UNKNOWN else rng.randint(2, 30)
                else:
                    precision = UnnamedCount.EXACT
                    count = rng.choice([None] * 19 + [rng.randint(1, 5)])
                row = Proceeding(
                    person_id=self.people[person].pk if person is not None else None,
                    unnamed_defendants=count,
                    unnamed_defendants_precision=precision,
                    kind=kind,
                    country="China" if china else "Kazakhstan",
                    court_id=self.courts[court].pk if court is not None else None,
                    court_as_reported=""
                    if court is not None
                    else ("a court in Xinjiang" if china else f"a court in {city}"),
                    case_number=f"{day.year}-{rng.randint(1000, 99999):05d}"
                    if rng.random() < 0.4
                    else "",
                    opened=partial(rng, day),
                    summary="",
                    publication_status=self.status(rng),
                    internal_notes=self.note,
                )
                self.proceedings.append(
                    ProceedingInfo(
                        None,
                        row.publication_status == PUBLISHED,
                        person,
                        court,
                        kind,
                        row.country,
                        day,
                        row.unnamed_defendants,
                    )
                )
                self.proceeding_protests.append(protests)
                yield row

        pks = self.insert("proceedings", Proceeding, rows())
        self.proceedings = [
            info._replace(pk=pk) for pk, info in zip(pks, self.proceedings, strict=True)
        ]
        through = Proceeding.protests.through
        links = (
            through(proceeding_id=self.proceedings[index].pk, protest_id=self.protests[p].pk)
            for index, protests in enumerate(self.proceeding_protests)
            for p in protests
        )
        self.insert("proceeding protests", through, links)
        del self.proceeding_protests

    def make_charges(self):
        rng = self.rng("charges")
        self.charges = []

        def rows():
            for index, case in enumerate(self.proceedings):
                if case.country == "China":
                    table = CHINESE_CHARGES
                elif case.kind == ProceedingKind.CRIMINAL:
                    table = CRIMINAL_CHARGES
                else:
                    table = ADMIN_CHARGES
                count = 2 if case.kind == ProceedingKind.CRIMINAL and rng.random() < 0.15 else 1
                for code, article, as_reported, _ in rng.sample(table, count):
                    row = Charge(
                        proceeding_id=case.pk,
                        code=code,
                        article=article,
                        as_reported=as_reported,
                        publication_status=self.status(rng),
                        internal_notes=self.note,
                    )
                    text = (
                        f"{article} of the {code.label}: {as_reported}" if article else as_reported
                    )
                    self.charges.append(
                        FactInfo(None, row.publication_status == PUBLISHED, index, text)
                    )
                    yield row

        pks = self.insert("charges", Charge, rows())
        self.charges = [info._replace(pk=pk) for pk, info in zip(pks, self.charges, strict=True)]

    def make_measures(self):
        rng = self.rng("pretrial-measures")
        self.measures = []
        circumstance_rng = self.rng("detention-circumstances")
        self.measure_terms = []  # (kind, end) of each measure, for its changes

        def rows():
            for index, case in enumerate(self.proceedings):
                if case.kind != ProceedingKind.CRIMINAL or rng.random() >= 0.4:
                    continue
                kind = weighted(
                    rng,
                    [
                        (MeasureKind.DETENTION, 70),
                        (MeasureKind.HOUSE_ARREST, 20),
                        (MeasureKind.TRAVEL_BAN, 10),
                    ],
                )
                end = ""
                if rng.random() < 0.5:
                    end = (case.day + timedelta(days=rng.randint(30, 240))).isoformat()
                row = PretrialMeasure(
                    proceeding_id=case.pk,
                    kind=kind,
                    start=case.day.isoformat(),
                    end=end,
                    as_reported=MEASURE_WORDS[kind],
                    circumstance=weighted(circumstance_rng, CIRCUMSTANCES)
                    if kind == MeasureKind.DETENTION
                    else "",
                    publication_status=self.status(rng),
                    internal_notes=self.note,
                )
                self.measures.append(
                    FactInfo(None, row.publication_status == PUBLISHED, index, MEASURE_WORDS[kind])
                )
                self.measure_terms.append((kind, end))
                yield row

        pks = self.insert("pretrial measures", PretrialMeasure, rows())
        self.measures = [info._replace(pk=pk) for pk, info in zip(pks, self.measures, strict=True)]

    def make_measure_changes(self):
        """House arrest extended (once to three times) and sometimes moved to another town."""
        rng = self.rng("measure-changes")
        self.measure_changes = []

        def rows():
            for measure, (kind, end) in zip(self.measures, self.measure_terms, strict=True):
                if kind != MeasureKind.HOUSE_ARREST or rng.random() >= 0.6:
                    continue
                day = date.fromisoformat(end) if end else self.proceedings[measure.case].day
                changes = [MeasureChangeKind.EXTENDED] * rng.randint(1, 3)
                if rng.random() < 0.15:
                    changes.insert(rng.randrange(len(changes) + 1), MeasureChangeKind.MOVED)
                for change in changes:
                    day += timedelta(days=rng.randint(20, 60))
                    extended = change == MeasureChangeKind.EXTENDED
                    row = MeasureChange(
                        measure_id=measure.pk,
                        kind=change,
                        date=day.isoformat(),
                        new_end=(day + timedelta(days=rng.choice([30, 60, 90]))).isoformat()
                        if extended
                        else "",
                        place_as_reported="" if extended else rng.choice(MOVED_TO),
                        publication_status=self.status(rng),
                        internal_notes=self.note,
                    )
                    words = "extended" if extended else f"moved to {row.place_as_reported}"
                    self.measure_changes.append(
                        FactInfo(None, row.publication_status == PUBLISHED, measure.case, words)
                    )
                    yield row

        pks = self.insert("measure changes", MeasureChange, rows())
        self.measure_changes = [
            info._replace(pk=pk) for pk, info in zip(pks, self.measure_changes, strict=True)
        ]
        del self.measure_terms

    def make_occasions(self):
        """A few occasions (visits, summits, anniversaries), each with some protests."""
        rng = self.rng("occasions")
        self.occasions = []
        count = max(1, len(self.protests) // 100)

        def rows():
            for _ in range(count):
                kind, name = rng.choice(OCCASIONS)
                day = random_day(rng)
                row = Occasion(
                    name=f"{name}, {day:%B %Y}",
                    kind=kind,
                    date=partial(rng, day),
                    publication_status=self.status(rng),
                    internal_notes=self.note,
                )
                self.occasions.append(
                    FactInfo(None, row.publication_status == PUBLISHED, None, row.name)
                )
                yield row

        pks = self.insert("occasions", Occasion, rows())
        self.occasions = [
            info._replace(pk=pk) for pk, info in zip(pks, self.occasions, strict=True)
        ]
        through = Protest.occasions.through
        links = (
            through(protest_id=protest.pk, occasion_id=rng.choice(self.occasions).pk)
            for protest in self.protests
            if rng.random() < 0.1
        )
        self.insert("protest occasions", through, links)

    def make_detentions_without_case(self):
        """People held for hours, summoned, or missing, with no case: a proceeding of kind
        "none", its detention and the case list's row (no ruling)."""
        rng = self.rng("without-case")
        count = int(self.sizes["proceedings"] * WITHOUT_CASE_SHARE)
        first_case = len(self.proceedings)
        cases = []
        for _ in range(count):
            protests = [rng.randrange(len(self.protests))] if self.protests else []
            day = self.protests[protests[0]].day if protests else random_day(rng)
            person = rng.randrange(len(self.people))
            missing = rng.random() < 0.1
            hours = None if missing or rng.random() < 0.3 else rng.choice([2, 3, 5, 8, 12, 24])
            circumstance = (
                DetentionCircumstance.MISSING
                if missing
                else weighted(rng, [(c, w) for c, w in CIRCUMSTANCES[1:-2] if c])
            )
            cases.append((person, protests, day, missing, hours, circumstance))
        proceedings = [
            Proceeding(
                person_id=self.people[person].pk,
                kind=ProceedingKind.NONE,
                country="Kazakhstan",
                opened=day.isoformat(),
                publication_status=self.status(rng),
                internal_notes=self.note,
            )
            for person, _, day, *_ in cases
        ]
        pks = self.insert("no-case proceedings", Proceeding, proceedings)
        for pk, row, (person, _, day, *_) in zip(pks, proceedings, cases, strict=True):
            self.proceedings.append(
                ProceedingInfo(
                    pk, row.publication_status == PUBLISHED, person, None, row.kind,
                    row.country, day, None,
                )
            )  # fmt: skip
        through = Proceeding.protests.through
        self.insert(
            "no-case protest links",
            through,
            (
                through(proceeding_id=pk, protest_id=self.protests[p].pk)
                for pk, (_, protests, *_) in zip(pks, cases, strict=True)
                for p in protests
            ),
        )
        measures, sentences = [], []
        for offset, (_, _, day, missing, hours, circumstance) in enumerate(cases):
            index = first_case + offset
            words = "missing" if missing else "detained"
            measure = PretrialMeasure(
                proceeding_id=pks[offset],
                kind=MeasureKind.DETENTION,
                start=day.isoformat(),
                as_reported=words,
                circumstance=circumstance,
                publication_status=self.status(rng),
                internal_notes=self.note,
            )
            measures.append(measure)
            self.measures.append(
                FactInfo(None, measure.publication_status == PUBLISHED, index, words)
            )
            kind = (
                SentenceKind.MISSING_PRESUMED_DETAINED
                if missing
                else SentenceKind.HELD_WITHOUT_CHARGE
            )
            reported = f"held for {hours} hours" if hours else ""
            sentence = Sentence(
                proceeding_id=pks[offset],
                kind=kind,
                amount_as_reported=reported,
                term_quantity=Decimal(hours) if hours else None,
                term_unit=TermUnit.HOURS if hours else "",
                term_days=round(Decimal(hours) * DAYS_PER_UNIT[TermUnit.HOURS]) if hours else None,
                publication_status=self.status(rng),
                internal_notes=self.note,
            )
            sentences.append(sentence)
            term = Term(kind, SentenceStatus.IMPOSED, sentence.term_quantity, "", None, "")
            self.sentences.append(
                FactInfo(
                    None,
                    sentence.publication_status == PUBLISHED,
                    index,
                    (term, reported, None, ""),
                )
            )
        first_measure = len(self.measures) - len(measures)
        for offset, pk in enumerate(self.insert("no-case measures", PretrialMeasure, measures)):
            self.measures[first_measure + offset] = self.measures[first_measure + offset]._replace(
                pk=pk
            )
        first_sentence = len(self.sentences) - len(sentences)
        for offset, pk in enumerate(self.insert("no-case sentences", Sentence, sentences)):
            position = first_sentence + offset
            self.sentences[position] = self.sentences[position]._replace(pk=pk)

    def plan_sentences(self):
        """Decide every sentence's kind, status and term before the rulings are written.

        Exactly --sentences sentences: one per proceeding first, then extra ones (additional
        penalties, what the prosecution sought, the maximum a charge carries) at random.
        """
        rng = self.rng("sentences")
        total, cases = self.sizes["sentences"], len(self.proceedings)
        per_case = [0] * cases
        if total >= cases:
            per_case = [1] * cases
            for _ in range(total - cases):
                per_case[rng.randrange(cases)] += 1
        else:
            for index in rng.sample(range(cases), total):
                per_case[index] = 1
        self.plans = []
        for index, case in enumerate(self.proceedings):
            criminal = case.kind == ProceedingKind.CRIMINAL
            roll = rng.random()
            if roll < (0.08 if criminal else 0.01):
                outcome = Outcome.PENDING
            elif roll < (0.12 if criminal else 0.04):
                outcome = weighted(
                    rng, [(Outcome.DISMISSED, 5), (Outcome.ACQUITTED, 3), (Outcome.OTHER, 1)]
                )
            else:
                outcome = Outcome.GUILTY
            terms = []
            for position in range(per_case[index]):
                if outcome != Outcome.GUILTY:
                    # No penalty imposed: what was sought, or what the charge carries.
                    status = SentenceStatus.MAXIMUM if position == 0 else SentenceStatus.SOUGHT
                    kind = weighted(rng, CRIMINAL_PRINCIPAL if criminal else ADMIN_PRINCIPAL)
                elif position == 0:
                    status = weighted(
                        rng,
                        [
                            (SentenceStatus.IMPOSED, 85),
                            (SentenceStatus.SERVED, 10),
                            (SentenceStatus.OVERTURNED, 5),
                        ],
                    )
                    kind = weighted(rng, CRIMINAL_PRINCIPAL if criminal else ADMIN_PRINCIPAL)
                else:
                    status = weighted(
                        rng,
                        [
                            (SentenceStatus.IMPOSED, 55),
                            (SentenceStatus.SOUGHT, 25),
                            (SentenceStatus.MAXIMUM, 15),
                            (SentenceStatus.SERVED, 5),
                            (SentenceStatus.NOT_APPLIED, 4),
                        ],
                    )
                    kind = weighted(rng, CRIMINAL_ADDITIONAL if criminal else ADMIN_ADDITIONAL)
                terms.append(self.term(rng, kind, status, criminal, case))
            self.plans.append((outcome, terms))

    @staticmethod
    def term(rng, kind, status, criminal, case) -> Term:
        if status == SentenceStatus.NOT_APPLIED:  # no term, no fine: nothing was ordered
            return Term(kind, status, None, "", None, "")
        longer = (
            1
            if status in (SentenceStatus.IMPOSED, SentenceStatus.SERVED, SentenceStatus.OVERTURNED)
            else rng.choice([1.5, 2])
        )
        if kind == SentenceKind.FINE:
            if case.country == "China":
                return Term(
                    kind,
                    status,
                    None,
                    "",
                    Decimal(rng.choice([5000, 10000, 20000, 50000])),
                    Currency.CNY,
                )
            mci = weighted(rng, CRIMINAL_FINE_MCI if criminal else ADMIN_FINE_MCI)
            return Term(kind, status, None, "", Decimal(round(mci * longer)), Currency.MCI)
        if kind in (SentenceKind.OTHER, SentenceKind.WARNING, SentenceKind.EXPULSION):
            return Term(kind, status, None, "", None, "")
        table, unit = {
            SentenceKind.ADMINISTRATIVE_DETENTION: (DETENTION_DAYS, TermUnit.DAYS),
            SentenceKind.IMPRISONMENT: (IMPRISONMENT_YEARS, TermUnit.YEARS),
            SentenceKind.RESTRICTION_OF_FREEDOM: (RESTRICTION_YEARS, TermUnit.YEARS),
            SentenceKind.SUSPENDED: (SUSPENDED_YEARS, TermUnit.YEARS),
            SentenceKind.PROBATION: (PROBATION_MONTHS, TermUnit.MONTHS),
            SentenceKind.ACTIVITY_BAN: (BAN_YEARS, TermUnit.YEARS),
            SentenceKind.TRAVEL_BAN: (TRAVEL_BAN_MONTHS, TermUnit.MONTHS),
            SentenceKind.HOUSE_ARREST: (HOUSE_ARREST_MONTHS, TermUnit.MONTHS),
        }[kind]
        quantity = Decimal(weighted(rng, table))
        if status == SentenceStatus.MAXIMUM:
            quantity = Decimal(max(value for value, _ in table))
        elif longer != 1:
            quantity = Decimal(round(quantity * Decimal(str(longer))))
        if kind == SentenceKind.IMPRISONMENT and rng.random() < 0.15:
            quantity, unit = Decimal(rng.choice([3, 6, 8, 10])), TermUnit.MONTHS
        elif unit == TermUnit.YEARS and rng.random() < 0.05:
            quantity += Decimal("0.5")
        elif unit == TermUnit.DAYS and quantity in (7, 14) and rng.random() < 0.5:
            quantity, unit = quantity / 7, TermUnit.WEEKS
        return Term(kind, status, quantity, unit, None, "")

    def make_rulings(self):
        rng = self.rng("rulings")
        self.rulings = []

        def rows():
            for index, case in enumerate(self.proceedings):
                outcome, _ = self.plans[index]
                if outcome == Outcome.PENDING:
                    date_text, day = "", None
                else:
                    delay = (
                        rng.randint(0, 5)
                        if case.kind == ProceedingKind.ADMINISTRATIVE
                        else rng.randint(30, 300)
                    )
                    day = min(case.day + timedelta(days=delay), date(2026, 6, 30))
                    date_text = partial(rng, day, month_share=0.12, year_share=0.02)
                row = Ruling(
                    proceeding_id=case.pk,
                    date=date_text,
                    court_instance=Instance.FIRST,
                    plea=weighted(
                        rng,
                        [
                            (Plea.NOT_REPORTED, 50),
                            (Plea.NOT_GUILTY, 20),
                            (Plea.REJECTED, 15),
                            (Plea.GUILTY, 10),
                            (Plea.PLEA_BARGAIN, 5),
                        ],
                    ),
                    outcome=outcome,
                    publication_status=self.status(rng),
                    internal_notes=self.note,
                )
                self.rulings.append(
                    FactInfo(None, row.publication_status == PUBLISHED, index, (outcome, day))
                )
                yield row

        pks = self.insert("rulings", Ruling, rows())
        self.rulings = [info._replace(pk=pk) for pk, info in zip(pks, self.rulings, strict=True)]

    def make_hearings(self):
        rng = self.rng("hearings")
        self.hearings = []

        def rows():
            for index, case in enumerate(self.proceedings):
                criminal = case.kind == ProceedingKind.CRIMINAL
                if not criminal and rng.random() >= 0.3:
                    continue
                kinds = [HearingKind.MAIN]
                if criminal:
                    kinds = [HearingKind.PRELIMINARY, HearingKind.MAIN, HearingKind.VERDICT]
                    # Now and then a case moves to another city's court before trial.
                    movable = case.court is not None and case.country != "China"
                    if movable and len(self.kazakh_courts) > 1 and rng.random() < 0.05:
                        kinds.insert(1, HearingKind.TRANSFER)
                day, court = case.day, case.court
                for kind in kinds:
                    day += timedelta(days=rng.randint(1, 40) if criminal else rng.randint(0, 3))
                    from_court = None
                    if kind == HearingKind.TRANSFER:
                        from_court = court
                        court = rng.choice([c for c in self.kazakh_courts if c != from_court])
                    row = Hearing(
                        proceeding_id=case.pk,
                        kind=kind,
                        date=partial(rng, day, month_share=0.1, year_share=0.01),
                        court_id=self.courts[court].pk if court is not None else None,
                        court_as_reported="" if court is not None else "the court",
                        from_court_id=self.courts[from_court].pk
                        if from_court is not None
                        else None,
                        closed_to_public=weighted(rng, [(None, 6), (True, 3), (False, 1)])
                        if criminal
                        else None,
                        publication_status=self.status(rng),
                        internal_notes=self.note,
                    )
                    self.hearings.append(
                        FactInfo(None, row.publication_status == PUBLISHED, index, kind)
                    )
                    yield row

        pks = self.insert("hearings", Hearing, rows())
        self.hearings = [info._replace(pk=pk) for pk, info in zip(pks, self.hearings, strict=True)]

    def make_court_roles(self):
        rng = self.rng("court-roles")
        self.court_roles = []
        # A small pool of people work in court, each in many cases, as in life.
        pool = [
            index
            for index, person in enumerate(self.people[: max(3, len(self.people) // 100)])
            if not person.protected
        ]
        if not pool:
            return
        judges, prosecutors, lawyers = (pool[start::3] or pool for start in range(3))

        def rows():
            for index, case in enumerate(self.proceedings):
                criminal = case.kind == ProceedingKind.CRIMINAL
                roles = []
                if rng.random() < 0.5:
                    roles.append((CourtRoleKind.JUDGE, rng.choice(judges), None))
                if criminal and rng.random() < 0.3:
                    roles.append((CourtRoleKind.PROSECUTOR, rng.choice(prosecutors), None))
                if case.person is not None and rng.random() < (0.6 if criminal else 0.2):
                    kind = weighted(
                        rng, [(CourtRoleKind.DEFENCE_LAWYER, 8), (CourtRoleKind.PUBLIC_DEFENDER, 2)]
                    )
                    roles.append((kind, rng.choice(lawyers), case.person))
                for role, person, client in roles:
                    if person == case.person or person == client:
                        continue
                    row = CourtRole(
                        proceeding_id=case.pk,
                        person_id=self.people[person].pk,
                        role=role,
                        represents_id=self.people[client].pk if client is not None else None,
                        publication_status=self.status(rng),
                        internal_notes=self.note,
                    )
                    self.court_roles.append(
                        FactInfo(None, row.publication_status == PUBLISHED, index, (role, person))
                    )
                    yield row

        pks = self.insert("court roles", CourtRole, rows())
        self.court_roles = [
            info._replace(pk=pk) for pk, info in zip(pks, self.court_roles, strict=True)
        ]

    def make_sentences(self):
        rng = self.rng("sentence-rows")
        self.sentences = []

        def rows():
            for index, case in enumerate(self.proceedings):
                ruling = self.rulings[index]
                outcome, day = ruling.text
                for term in self.plans[index][1]:
                    unknown = term.status == SentenceStatus.IMPOSED and rng.random() < 0.03
                    amount, currency, fine_kzt, fine_usd = term.fine, term.currency, None, None
                    if term.currency == Currency.MCI:
                        # Fines are set in MCI; many reports give the tenge figure instead.
                        fine_kzt = term.fine * MCI_KZT.get((day or case.day).year, MCI_KZT[2026])
                        if rng.random() < 0.55:
                            amount, currency = fine_kzt, Currency.KZT
                        if rng.random() < 0.1:
                            fine_usd = (fine_kzt / KZT_PER_USD).quantize(Decimal("1"))
                    reported = "" if unknown else self.reported(term, amount, currency, rng)
                    unnamed_count = (
                        rng.randint(1, case.unnamed)
                        if case.person is None and case.unnamed
                        else None
                    )
                    extra = self.penalty_extras(rng, term, case, amount, fine_kzt, unknown)
                    if extra.get("fine_group_total"):
                        unnamed_count = fine_kzt = fine_usd = None
                        amount = extra.pop("fine_amount")
                        reported = (
                            f"fines for the group totalled almost {number(amount)} {currency}"
                        )
                    elif extra.get("fine_amount_max") is not None:
                        top = number(extra["fine_amount_max"])
                        reported = f"fines of {number(amount)}–{top} {currency}"
                    elif extra.get("probation_quantity") is not None and reported:
                        months = number(extra["probation_quantity"])
                        reported += f" with {months} months' probation"
                    row = Sentence(
                        proceeding_id=case.pk,
                        ruling_id=None
                        if term.status in (SentenceStatus.SOUGHT, SentenceStatus.MAXIMUM)
                        else ruling.pk,
                        kind=term.kind,
                        status=term.status,
                        amount_as_reported=reported,
                        term_quantity=None if unknown else term.quantity,
                        term_unit="" if unknown or term.quantity is None else term.unit,
                        term_days=None
                        if unknown or term.quantity is None
                        else round(term.quantity * DAYS_PER_UNIT[term.unit]),
                        fine_amount=None if unknown else amount,
                        fine_currency="" if unknown or amount is None else currency,
                        fine_kzt=None if unknown else fine_kzt,
                        fine_usd_as_reported=None if unknown else fine_usd,
                        unnamed_count=unnamed_count,
                        **extra,
                        publication_status=self.status(rng),
                        internal_notes=self.note,
                    )
                    self.sentences.append(
                        FactInfo(
                            None,
                            row.publication_status == PUBLISHED,
                            index,
                            (term, reported, amount, currency),
                        )
                    )
                    yield row

        pks = self.insert("sentences", Sentence, rows())
        self.sentences = [
            info._replace(pk=pk) for pk, info in zip(pks, self.sentences, strict=True)
        ]
        del self.plans

    @staticmethod
    def penalty_extras(rng, term: Term, case, amount, fine_kzt, unknown) -> dict:
        """A suspended term's probation, custody counted toward a term, a range of fines
        across a group, or a group's total: the fields they set on the sentence."""
        if term.kind == SentenceKind.SUSPENDED:
            if unknown or rng.random() < 0.1:
                return {"probation_not_reported": True}
            months = Decimal(weighted(rng, PROBATION_MONTHS))
            return {
                "probation_quantity": months,
                "probation_unit": TermUnit.MONTHS,
                "probation_days": round(months * DAYS_PER_UNIT[TermUnit.MONTHS]),
            }
        if unknown:
            return {}
        imprisoned = term.kind in (SentenceKind.IMPRISONMENT, SentenceKind.RESTRICTION_OF_FREEDOM)
        if imprisoned and term.status == SentenceStatus.IMPOSED and rng.random() < 0.25:
            return {
                "custody_credit_days": rng.randint(10, 300),
                "custody_credit_ratio": weighted(rng, CUSTODY_RATIOS),
            }
        if amount is not None and case.person is None and term.status == SentenceStatus.IMPOSED:
            roll = rng.random()
            if roll < 0.3:
                top = rng.choice([Decimal("1.5"), Decimal("2")])
                return {
                    "fine_amount_max": amount * top,
                    "fine_kzt_max": None if fine_kzt is None else fine_kzt * top,
                }
            if roll < 0.4:
                return {"fine_group_total": True, "fine_amount": amount * rng.randint(3, 12)}
        return {}

    @staticmethod
    def reported(term: Term, amount, currency, rng) -> str:
        """The penalty in a source's words: "15 days of administrative arrest", "up to 10 years"."""
        up_to = "up to " if term.status == SentenceStatus.MAXIMUM else ""
        if term.status == SentenceStatus.NOT_APPLIED:
            return f"the court did not order {term.kind.label.lower()}"
        if term.kind == SentenceKind.WARNING:
            text = "a warning"
        elif term.kind == SentenceKind.EXPULSION:
            text = "expulsion from Kazakhstan"
        elif term.kind == SentenceKind.OTHER:
            text = f"{up_to}{rng.choice([60, 100, 120, 200])} hours of community service"
        elif amount is not None:
            unit = {Currency.KZT: "tenge", Currency.MCI: "MCI", Currency.CNY: "yuan"}[currency]
            text = f"a fine of {up_to}{number(amount)} {unit}"
        else:
            unit = term.unit if term.quantity != 1 else term.unit.rstrip("s")
            length = f"{up_to}{number(term.quantity)} {unit}"
            text = {
                SentenceKind.ADMINISTRATIVE_DETENTION: f"{length} of administrative arrest",
                SentenceKind.IMPRISONMENT: f"{length} in prison",
                SentenceKind.RESTRICTION_OF_FREEDOM: f"{length} of restricted freedom",
                SentenceKind.SUSPENDED: f"a suspended sentence of {length}",
                SentenceKind.PROBATION: f"{length} of probation",
                SentenceKind.ACTIVITY_BAN: f"a ban on public activity for {length}",
                SentenceKind.TRAVEL_BAN: f"a travel ban for {length}",
                SentenceKind.HOUSE_ARREST: f"{length} of house arrest",
            }[term.kind]
        return f"prosecutors sought {text}" if term.status == SentenceStatus.SOUGHT else text

    # --- sources and citations -------------------------------------------------------------
    def make_sources(self):
        rng = self.rng("sources")
        self.sources = []

        def rows():
            for index in range(self.sizes["sources"]):
                outlet, language, slug, _ = weighted(
                    rng, list(zip(OUTLETS, OUTLET_WEIGHTS, strict=True))
                )
                day = random_day(rng, FIRST_DAY, date(2026, 6, 30))
                city = weighted(rng, list(zip(CITIES, CITY_WEIGHTS, strict=True)))
                person = rng.choice(self.people) if self.people else None
                name = (person.russian if language == "ru" else person.kazakh) if person else ""
                if language == "en" and person:
                    name = person.latin
                if person and person.protected:
                    name = "Activist"
                template = rng.choice(HEADLINES[language])
                headline = template.format(
                    city={"en": city[0], "ru": city[2], "kk": city[1]}[language],
                    target={
                        "en": rng.choice(TARGETS)[0],
                        "ru": rng.choice(TARGETS)[1],
                        "kk": rng.choice(TARGETS)[2],
                    }[language],
                    name=name,
                )
                url = f"https://synthetic.example/{slug}/{day:%Y/%m}/{self.seed}-{index + 1}"
                published = (
                    day.isoformat() if rng.random() < 0.93 else f"{day.year}-{day.month:02d}"
                )
                row = Source(
                    outlet=outlet,
                    headline=headline,
                    url=url,
                    published=published,
                    date_note="" if len(published) > 7 else "Only the month is shown on the page.",
                    language=language,
                    author=(
                        f"{rng.choice(MALE_NAMES + FEMALE_NAMES)[0]} {rng.choice(SURNAMES)[0]}"
                        if rng.random() < 0.6
                        else ""
                    ),
                    archive_url=(
                        f"https://web.archive.org/web/{day:%Y%m%d}000000/{url}"
                        if rng.random() < 0.4
                        else ""
                    ),
                    accessed_on=min(day + timedelta(days=rng.randint(0, 400)), date(2026, 6, 30))
                    if rng.random() < 0.5
                    else None,
                    publication_status=self.status(rng),
                    internal_notes=self.note,
                )
                self.sources.append(
                    SourceInfo(None, row.publication_status == PUBLISHED, language, day)
                )
                yield row

        pks = self.insert("sources", Source, rows())
        self.sources = [info._replace(pk=pk) for pk, info in zip(pks, self.sources, strict=True)]

    def facts(self):
        """(model, infos) for every kind of citable record, in chain order."""
        return [
            (Person, self.people),
            (PersonName, self.names),
            (ReportedAge, self.ages),
            (Organization, self.courts),
            (Organization, self.movements),
            (Affiliation, self.affiliations),
            (Occasion, self.occasions),
            (Protest, self.protests),
            (Proceeding, self.proceedings),
            (Charge, self.charges),
            (PretrialMeasure, self.measures),
            (MeasureChange, self.measure_changes),
            (Ruling, self.rulings),
            (Sentence, self.sentences),
            (Hearing, self.hearings),
            (CourtRole, self.court_roles),
        ]

    def make_citations(self):
        rng = self.rng("citations")
        published_sources = sorted(
            (source for source in self.sources if source.published), key=lambda source: source.day
        )
        if not published_sources:
            raise CommandError("No published source: raise --sources or lower --draft-share.")
        source_days = [source.day for source in published_sources]
        content_types = {
            model: ContentType.objects.get_for_model(model) for model, _ in self.facts()
        }
        mandatory = sum(1 for _, infos in self.facts() for info in infos if info.published)
        total = max(self.sizes["citations"], mandatory)
        if total > self.sizes["citations"]:
            self.log(
                f"citations: {self.sizes['citations']:,} requested, {mandatory:,} needed so that "
                f"every published record is cited; creating {mandatory:,}"
            )

        def source_after(day):
            """A published source from the weeks after ``day``, as a report would be."""
            if day is None:
                return rng.choice(published_sources)
            position = bisect.bisect_left(source_days, day)
            window = published_sources[position : position + 200]
            return rng.choice(window) if window else published_sources[-1]

        def citation(model, info, source, *, field="", reported_value="", status=PUBLISHED):
            quote, translation = self.quote(model, info, source.language, field)
            return Citation(
                source_id=source.pk,
                content_type_id=content_types[model].pk,
                object_id=info.pk,
                field=field,
                quote=quote,
                translation=translation,
                reported_value=reported_value,
                locator=f"paragraph {rng.randint(1, 12)}" if rng.random() < 0.5 else "",
                confidence=weighted(
                    rng, [(Confidence.HIGH, 80), (Confidence.MEDIUM, 15), (Confidence.LOW, 5)]
                ),
                publication_status=status,
                internal_notes=self.note,
            )

        fields = {
            Person: ["", "birth_date", "locality", "citizenship"],
            Protest: ["", "start", "crowd_as_reported", "place"],
            Proceeding: ["", "court_as_reported", "opened"],
            Ruling: ["", "date", "outcome", "plea"],
            Sentence: ["", "amount_as_reported", "term_quantity"],
        }

        def rows():
            case_source = {}
            for model, infos in self.facts():
                for info in infos:
                    if not info.published:
                        continue
                    day = self.fact_day(model, info)
                    case = getattr(info, "case", None) if model is not PersonName else None
                    # One article usually reports a whole case: reuse its source.
                    if case is not None and model is not Person and case in case_source:
                        source = case_source[case]
                    else:
                        source = source_after(day)
                        if case is not None:
                            case_source[case] = source
                    yield citation(model, info, source)
            weights = [(Person, 3), (Protest, 1), (Proceeding, 2), (Ruling, 2), (Sentence, 4)]
            pools = {model: infos for model, infos in self.facts() if infos}
            weights = [(model, weight) for model, weight in weights if model in pools]
            for _ in range(total - mandatory):
                model = weighted(rng, weights)
                info = rng.choice(pools[model])
                field = rng.choice(fields.get(model, [""]))
                reported_value = ""
                if model is Sentence and field == "amount_as_reported" and rng.random() < 0.3:
                    reported_value = rng.choice(
                        ["one week", "two weeks", "15 days", "10 days", "a month"]
                    )
                if model is Protest and field == "crowd_as_reported" and rng.random() < 0.5:
                    reported_value = f"about {rng.randint(5, 60)} people"
                status = self.status(rng)
                source = source_after(self.fact_day(model, info))
                if status == PUBLISHED and rng.random() < self.draft_share:
                    source = rng.choice(self.sources)  # sometimes a source still in draft
                yield citation(
                    model, info, source, field=field, reported_value=reported_value, status=status
                )

        self.insert("citations", Citation, rows())

    def fact_day(self, model, info):
        if model in (Protest, Proceeding):
            return info.day
        if model in (Charge, PretrialMeasure, MeasureChange, Ruling, Sentence, Hearing, CourtRole):
            return self.proceedings[info.case].day
        return None

    def person_name(self, person_index, language) -> str:
        if person_index is None:
            return {"en": "the defendants", "ru": "подсудимые", "kk": "сотталушылар"}[language]
        person = self.people[person_index]
        if person.protected:
            return PROTECTED_MENTION[language]
        return {"en": person.latin, "ru": person.russian, "kk": person.kazakh}[language]

    def quote(self, model, info, language, field) -> tuple[str, str]:
        """A short quote in the source's language, with an English translation if needed."""
        english = self.english_quote(model, info, field)
        if language == "en":
            return english, ""
        return self.local_quote(model, info, language), english

    def english_quote(self, model, info, field) -> str:
        if model is Person:
            name = PROTECTED_MENTION["en"] if info.protected else info.latin
            return f"{name}, an activist from {info.city[0]},"
        if model is PersonName:
            return f"{info.text} told reporters"
        if model is ReportedAge:
            return f"{self.person_name(info.case, 'en')}, {info.text},"
        if isinstance(info, MovementInfo):
            return f"members of {info.name} said"
        if model is Affiliation:
            movement = self.movements[info.movement].name
            return f"{self.person_name(info.person, 'en')}, a {info.role} of {movement},"
        if model is Organization:
            return f"the {info.name} heard the case"
        if model is Occasion:
            return f"protests were planned for the {info.text}"
        if model is Protest:
            when = f"{info.day.day} {info.day:%B %Y}"
            return f"protesters gathered outside {info.target[0]} in {info.city[0]} on {when}"
        case = self.proceedings[info.case] if model is not Proceeding else info
        name = self.person_name(case.person, "en")
        if model is Proceeding and case.kind == ProceedingKind.NONE:
            return f"{name} was held and released without charge"
        if model is Proceeding:
            return f"{name} faces {case.kind} charges"
        if model is Charge:
            return f"{name} was charged with {info.text}"
        if model is PretrialMeasure:
            return f"{name} was {info.text}"
        if model is MeasureChange:
            return f"the house arrest of {name} was {info.text}"
        if model is Hearing:
            return f"the court heard the case of {name}"
        if model is CourtRole:
            role, person = info.text
            who = self.people[person].latin
            return f"{who}, {CourtRoleKind(role).label.lower()} in the case of {name},"
        if model is Ruling:
            outcome, _ = info.text
            return {
                Outcome.GUILTY: f"the court found {name} guilty",
                Outcome.ACQUITTED: f"the court acquitted {name}",
                Outcome.DISMISSED: f"the case against {name} was dismissed",
                Outcome.PENDING: f"the trial of {name} is still under way",
                Outcome.OTHER: f"the court closed the case against {name}",
            }[outcome]
        term, reported, _, _ = info.text
        if term.kind == SentenceKind.MISSING_PRESUMED_DETAINED:
            return f"{name} has been missing since police detained them"
        if term.kind == SentenceKind.HELD_WITHOUT_CHARGE:
            return f"{name} was {reported or 'held'} and released without charge"
        if not reported:
            return f"{name} was sentenced; the sentence was not disclosed"
        if term.status == SentenceStatus.MAXIMUM:
            return f"{name} faces {reported}"
        if term.status == SentenceStatus.SOUGHT:
            return f"{reported.replace('prosecutors sought', 'prosecutors asked for')} for {name}"
        return f"{name} was sentenced to {reported}"

    def local_quote(self, model, info, language) -> str:
        ru = language == "ru"
        if model is Person:
            if info.protected:
                return PROTECTED_MENTION[language]
            return (
                f"{info.russian}, активист из г. {info.city[2]},"
                if ru
                else (f"{info.city[1]} қаласының белсендісі {info.kazakh}")
            )
        if model is PersonName:
            return (
                f"{info.text} рассказал(а) журналистам"
                if ru
                else f"{info.text} журналистерге айтты"
            )
        if model is ReportedAge:
            name = self.person_name(info.case, language)
            if ru:
                return f"{name}, {info.text} {plural_ru(info.text, 'год', 'года', 'лет')},"
            return f"{info.text} жастағы {name}"
        if isinstance(info, MovementInfo):
            if ru:
                return f"участники группы «{info.name}» заявили"
            return f"«{info.name}» мүшелері мәлімдеді"
        if model is Affiliation:
            name = self.person_name(info.person, language)
            movement = self.movements[info.movement].name
            return f"{name}, участник группы «{movement}»," if ru else f"«{movement}» мүшесі {name}"
        if model is Organization:
            return f"дело рассмотрел суд: {info.name}" if ru else f"істі сот қарады: {info.name}"
        if model is Occasion:
            return f"акцию приурочили к событию: {info.text}" if ru else f"наразылық: {info.text}"
        if model is Protest:
            return (
                f"акция прошла у здания {info.target[1]} в г. {info.city[2]}"
                if ru
                else (f"наразылық {info.city[1]} қаласында, {info.target[2]} алдында өтті")
            )
        case = self.proceedings[info.case] if model is not Proceeding else info
        name = self.person_name(case.person, language)
        if model in (Proceeding, Charge):
            return f"в отношении {name} возбуждено дело" if ru else f"{name} қатысты іс қозғалды"
        if model is PretrialMeasure:
            return f"{name} взят(а) под стражу" if ru else f"{name} қамауға алынды"
        if model is MeasureChange:
            return f"домашний арест {name} продлён" if ru else f"{name} үйқамағы ұзартылды"
        if model is Hearing:
            return f"суд рассмотрел дело {name}" if ru else f"сот {name} ісін қарады"
        if model is CourtRole:
            _, person = info.text
            who = self.people[person]
            return f"{who.russian} по делу {name}" if ru else f"{who.kazakh}, {name} ісі бойынша"
        if model is Ruling:
            return (
                f"суд вынес решение по делу {name}"
                if ru
                else f"сот {name} ісі бойынша шешім шығарды"
            )
        term, reported, amount, currency = info.text
        if term.kind == SentenceKind.MISSING_PRESUMED_DETAINED:
            return (
                f"{name} пропал(а) после задержания" if ru else f"{name} ұсталғаннан кейін жоғалды"
            )
        if term.kind == SentenceKind.HELD_WITHOUT_CHARGE:
            return f"{name} отпустили без обвинения" if ru else f"{name} айыпсыз босатылды"
        if not reported:
            return "суд назначил наказание" if ru else "сот жаза тағайындады"
        penalty = self.local_penalty(term, amount, currency, ru)
        if term.status == SentenceStatus.MAXIMUM:
            return (
                f"{name}: грозит до {penalty}" if ru else f"{name}: {penalty} дейін жаза қаупі бар"
            )
        if term.status == SentenceStatus.SOUGHT:
            return (
                f"прокурор запросил для {name}: {penalty}"
                if ru
                else (f"прокурор {name} үшін сұрады: {penalty}")
            )
        return (
            f"суд назначил {name} наказание: {penalty}"
            if ru
            else (f"сот {name} жаза тағайындады: {penalty}")
        )

    @staticmethod
    def local_penalty(term, amount, currency, ru) -> str:
        """The penalty in Russian or Kazakh, in the nominative ("15 суток ареста", "5 жыл")."""
        if amount is not None:
            unit = {
                Currency.KZT: ("тенге", "теңге"),
                Currency.MCI: ("МРП", "АЕК"),
                Currency.CNY: ("юаней", "юань"),
            }[currency]
            return (
                f"штраф {number(amount)} {unit[0]}" if ru else f"{number(amount)} {unit[1]} айыппұл"
            )
        if term.status == SentenceStatus.NOT_APPLIED:
            return "не применялось" if ru else "қолданылмады"
        if term.kind == SentenceKind.WARNING:
            return "предупреждение" if ru else "ескерту"
        if term.kind == SentenceKind.EXPULSION:
            return "выдворение за пределы Казахстана" if ru else "Қазақстаннан шығарып жіберу"
        if term.quantity is None:
            return "общественные работы" if ru else "қоғамдық жұмыстар"
        quantity = term.quantity
        if quantity != quantity.to_integral():
            return f"{number(quantity)} года" if ru else f"{number(quantity)} жыл"
        words = {
            TermUnit.DAYS: (("сутки", "суток", "суток"), "тәулік"),
            TermUnit.WEEKS: (("неделя", "недели", "недель"), "апта"),
            TermUnit.MONTHS: (("месяц", "месяца", "месяцев"), "ай"),
            TermUnit.YEARS: (("год", "года", "лет"), "жыл"),
        }[term.unit]
        if ru:
            return f"{number(quantity)} {plural_ru(quantity, *words[0])}"
        return f"{number(quantity)} {words[1]}"

    def run(self):
        self.make_places()
        self.make_courts()
        self.make_movements()
        self.make_people()
        self.make_affiliations()
        self.make_protests()
        self.make_proceedings()
        self.make_charges()
        self.make_measures()
        self.make_measure_changes()
        self.make_occasions()
        self.plan_sentences()
        self.make_rulings()
        self.make_sentences()
        self.make_detentions_without_case()
        self.make_hearings()
        self.make_court_roles()
        self.make_sources()
        self.make_citations()


class Command(BaseCommand):
    help = "Fill an empty database with synthetic but realistic cases (see the module docstring)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help=(
                "Multiply every default size but the movements' (0.01 for a small run); "
                "explicit sizes win."
            ),
        )
        for name, default in DEFAULTS.items():
            parser.add_argument(
                f"--{name}", type=int, help=f"How many {name} (default {default:,})."
            )
        parser.add_argument(
            "--draft-share", type=float, default=0.05, help="Share left unpublished."
        )
        parser.add_argument(
            "--protected-share", type=float, default=0.01, help="Share of people protected."
        )
        parser.add_argument("--batch-size", type=int, default=5000, help="Rows per bulk_create.")

    def handle(self, *args, **options):
        sizes = {}
        for name, default in DEFAULTS.items():
            explicit = options[name]
            scale = 1 if name in UNSCALED else options["scale"]
            sizes[name] = explicit if explicit is not None else max(1, round(default * scale))
            if sizes[name] < 0:
                raise CommandError(f"--{name} cannot be negative.")
        for share in ("draft_share", "protected_share"):
            if not 0 <= options[share] < 1:
                raise CommandError(f"--{share.replace('_', '-')} must be at least 0 and below 1.")
        if Person.objects.exists() or Source.objects.exists():
            raise CommandError(
                "The database already holds people or sources: synthetic data goes into an "
                "empty database only (e.g. DATABASE_URL=sqlite:////tmp/synthetic.sqlite3)."
            )
        if settings.DEBUG:
            self.stdout.write(
                "DEBUG is on, so Django logs every INSERT: DJANGO_DEBUG=0 runs this faster."
            )
        started = time.perf_counter()
        generator = Synthetic(
            seed=options["seed"],
            sizes=sizes,
            draft_share=options["draft_share"],
            protected_share=options["protected_share"],
            batch_size=options["batch_size"],
            log=self.stdout.write,
        )
        generator.run()
        flags_started = time.perf_counter()
        with transaction.atomic():
            upkeep.refresh_all()
        seconds = time.perf_counter() - flags_started
        self.stdout.write(f"{'visibility flags':<22} {'':>10} {'':4} {seconds:>8.1f} s")
        rows = sum(count for _, count, _ in generator.timings)
        self.stdout.write(f"{'total':<22} {rows:>10,} rows {time.perf_counter() - started:>8.1f} s")
