"""The 15 questions of issue 17, asked of the public site on the demo data.

Each is answered by at most two public pages or one filtered list, and each test asserts
the exact people or rows the seed articles give (fixtures/demo.json, /work/shared/seeds):
a question answered wrongly, or only by guessing, fails here.
"""

import csv
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from events.models import Charge, Protest, Slogan
from people.models import Organization, Person, PersonName
from sources.selectors import public_citation_queryset

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_loaded_for_class, db):
    """The demo data, shared by the tests of the class (see conftest)."""


def case_rows(client, **params) -> list[tuple[str, int | None]]:
    """(defendant shown, unnamed count) of each row of the filtered case list."""
    response = client.get(reverse("events:case_list"), params)
    assert response.status_code == 200
    assert not response.context["filters_invalid"]
    return [
        (
            sentence.proceeding.person.public_name if sentence.proceeding.person else "unnamed",
            sentence.unnamed_count,
        )
        for sentence in response.context["object_list"]
    ]


def search(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response.context


def people_found(context) -> list[str]:
    return [person.public_name for person in context["people"]["results"]]


def titles(results) -> list[str]:
    return [record.title for record in results]


def protest(title_start: str) -> Protest:
    return Protest.objects.get(title__startswith=title_start)


TURGANBAY = "Alimnur Turganbay"
NEPHEW = "Nephew of Alimnur Turganbay (name not reported)"
NOVEMBER_PROTEST = "Burning of Chinese flags and a portrait of Xi Jinping near the Chinese border"


class TestJournalistQuestions:
    def test_q01_everyone_sentenced_to_15_days_of_administrative_detention(self, client, demo):
        # The 12 unnamed of November 2025 got "up to two weeks" (14 days), not 15.
        rows = case_rows(client, kind="administrative_detention", days_min=15, days_max=15)

        assert sorted(rows) == [("Baibolat Kunbolat", None), ("Serik Azhibay", None)]

    def test_q02_fines_over_100000_tenge(self, client, demo):
        assert case_rows(client, kind="fine", kzt_min=100001) == [("Gulbaran Omirali", None)]

    def test_q03_every_fine_with_its_amount_and_dollars_and_those_without(self, client, demo):
        response = client.get(reverse("events:case_csv"), {"kind": "fine"})
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(body)))

        fines = [
            (row["person"], row["ruling_date"], row["fine_kzt"], row["fine_usd_as_reported"])
            for row in rows
        ]
        # Newest first; the amounts of the unnamed protesters' fines are not reported.
        assert fines == [
            ("6 unnamed defendants", "2025-11", "", ""),
            ("Gulbaran Omirali", "2021-06-22", "145000", "340"),
            ("Altynai Arakhan", "2021-06-22", "87000", "200"),
            ("2 unnamed defendants", "2021-06-21", "", ""),
        ]

    @pytest.mark.parametrize("spelling", ["Azhibai", "Azihibai", "Ажибай", "Azhibay"])
    def test_q04_azhibay_is_found_by_every_spelling(self, client, demo, spelling):
        found = people_found(search(client, spelling))

        assert found[0] == "Serik Azhibay"
        # Only his own names match; others only where their description names him (AFP's
        # "Azhibay"): his friend who spoke to AFP, and the ambassador he picketed.
        described = ["Baibolat Kunbolat", "Zhang Xiao"] if spelling == "Azhibay" else []
        assert found[1:] == described

    @pytest.mark.parametrize("spelling", ["Turgunbay", "Turganbai", "Турганбай"])
    def test_q05_turganbay_is_found_by_every_spelling(self, client, demo, spelling):
        found = people_found(search(client, spelling))

        # His nephew is recorded only as "Nephew of Alimnur Turganbay": found by the
        # spellings that fold to it, not by the other spelling of his uncle's name.
        nephew = [] if spelling == "Turgunbay" else [NEPHEW]
        assert found == [TURGANBAY, *nephew]

    def test_q06_cases_at_the_almaty_specialized_inter_district_court(self, client, demo):
        court = Organization.objects.get(name="Almaty Specialized Inter-District Court")

        # Not Azhibay's: the sources say only "a court in Almaty".
        assert case_rows(client, court=court.pk) == [("Baibolat Kunbolat", None)]
        menu = client.get(reverse("events:case_list")).context["filter"].form["court"]
        offered = [label for value, label in menu.field.choices if value]
        assert offered == ["Almaty Specialized Inter-District Court"]

    def test_q07_who_faces_criminal_charges_of_inciting_discord(self, client, demo):
        rows = case_rows(client, proceeding_kind="criminal", charge="inciting discord")

        assert sorted(rows) == [
            ("Bekzat Maksutkan", None),
            ("Guldariya Sherizat", None),
            ("Serikzhan Bilash", None),  # 2019, "against the Chinese"; a plea bargain
            ("unnamed", 17),  # the other 17 of the 19 November 2025 defendants
        ]

    def test_q08_who_is_under_house_arrest(self, client, demo):
        # Sherizat, and five of the 17 others ("five other suspects are under house arrest").
        assert sorted(case_rows(client, measure="house_arrest")) == [
            ("Guldariya Sherizat", None),
            ("unnamed", 17),
        ]
        cases = search(client, "house arrest")["cases"]["results"]
        assert [
            case.person.public_name if case.person else case.unnamed_defendants for case in cases
        ] == [
            "Guldariya Sherizat",
            17,
        ]

    def test_q09_protests_outside_the_chinese_consulate_in_almaty(self, client, demo):
        found = search(client, "Chinese consulate Almaty")["protests"]["results"]

        assert titles(found) == [
            "Picket at the Chinese consulate in Almaty, May 2021",
            "Relatives' picket of the Chinese consulate in Almaty",
            "Solo picket outside the Chinese consulate in Almaty",
        ]

    def test_q10_protests_where_a_portrait_of_xi_jinping_was_burned(self, client, demo):
        context = search(client, "burned portrait")

        assert titles(context["protests"]["results"]) == [NOVEMBER_PROTEST]
        assert context["protests"]["total"] == 1

    def test_q11_which_lawyers_appear(self, client, demo):
        response = client.get(reverse("events:person_list"), {"role": "lawyers"})

        assert [person.public_name for person in response.context["people"]] == [
            "Shynkuat Bayzhanov"
        ]
        assert people_found(search(client, "lawyer")) == ["Shynkuat Bayzhanov"]

    def test_q12_who_contested_the_charge_and_who_took_a_plea_bargain(self, client, demo):
        assert sorted(case_rows(client, plea="contested")) == [
            ("Baibolat Kunbolat", None),  # rejected the charge
            ("Guldariya Sherizat", None),  # her lawyer rejects the charge
            ("Serik Azhibay", None),  # pleaded not guilty
        ]
        assert case_rows(client, plea="plea_bargain") == [("Serikzhan Bilash", None)]

    def test_q13_relatives_held_in_china_and_who_campaigns_for_them(self, client, demo):
        assert sorted(case_rows(client, country="China")) == sorted(
            [(TURGANBAY, None), (NEPHEW, None)]
        )

        response = client.get(reverse("events:person_list"), {"role": "relatives"})
        relatives = {person.public_name: person for person in response.context["people"]}
        assert sorted(relatives) == sorted(["Guldariya Sherizat", TURGANBAY, NEPHEW])
        # His wife protested his detention; he appealed for his nephew's release.
        assert relatives["Guldariya Sherizat"].description.startswith(
            "Wife of Alimnur Turganbay, who is held in China. She protested his detention"
        )
        assert "video appeal for his release" in relatives[NEPHEW].description

    def test_q14_where_sources_disagree_about_azhibays_protest(self, client, demo):
        picket = protest("Solo picket outside")
        placard = Slogan.objects.get(protest=picket, kind="placard")
        charge = Charge.objects.get(
            proceeding__person__preferred_name="Serik Azhibay",
            as_reported="staging an unapproved public event",
        )
        azhibay = Person.objects.get(preferred_name="Serik Azhibay")

        def readings(record, field: str) -> dict[str, str]:
            citations = public_citation_queryset().filter(
                content_type=ContentType.objects.get_for_model(record),
                object_id=record.pk,
                field=field,
            )
            return {c.source.outlet: c.reported_value for c in citations if c.reported_value}

        assert readings(placard, "text") == {
            "AFP": "Persona non grata (with a picture of Zhang Xiao)",
            "RFE/RL": (
                "Ambassadors bring reconciliation, enemies bring discord! Get out of the country!"
            ),
        }
        timing = readings(picket, "description")
        assert timing["AFP"].startswith("comments reported “this month”")
        assert timing["RFE/RL"].startswith("an interview “last week”")
        assert readings(charge, "as_reported") == {
            "AFP": "the protest was illegal (the court, as Kunbolat reported it)",
            "RFE/RL": "staging an unapproved public event and disobeying police orders",
        }
        spellings = {
            name.name: {
                c.source.outlet
                for c in public_citation_queryset().filter(
                    content_type=ContentType.objects.get_for_model(PersonName), object_id=name.pk
                )
            }
            for name in PersonName.objects.public().filter(
                person=azhibay, name__in=["Serik Azhibay", "Serik Azhibai", "Azihibai"]
            )
        }
        # AFP spells him Azhibay; RFE/RL Azhibai, and once Azihibai.
        assert spellings == {
            "Serik Azhibay": {"AFP"},
            "Serik Azhibai": {"RFE/RL"},
            "Azihibai": {"RFE/RL"},
        }
        # The protest's page shows both readings of the placard and of the remarks' timing.
        page = client.get(picket.get_absolute_url()).content.decode()
        for reading in ("Persona non grata", "this month", "last week"):
            assert reading in page

    def test_q15_the_november_2025_case_in_date_order(self, client, demo):
        page = client.get(reverse("events:protest_chronology", args=[protest(NOVEMBER_PROTEST).pk]))

        assert page.status_code == 200
        lines = [(h.date, h.what, h.who) for h in page.context["happenings"]]
        assert lines == [
            ("2025-11-13", f"Rally: {NOVEMBER_PROTEST}", ""),
            ("", "House arrest", "Guldariya Sherizat"),
            ("", "House arrest", "17 unnamed defendants"),
            ("", "Detention", "17 unnamed defendants"),
            ("", "Administrative case opened", "18 unnamed defendants"),
            ("2025-11", "Criminal case opened", "Guldariya Sherizat"),
            ("2025-11", "Criminal case opened", "Bekzat Maksutkan"),
            ("2025-11", "Criminal case opened", "17 unnamed defendants"),
            ("2025-11", "Ruling: Found guilty", "18 unnamed defendants"),
            (
                "2025-11",
                "Administrative detention: short-term jail terms of up to two weeks",
                "12 unnamed defendants",
            ),
            ("2025-11", "Fine: not reported", "6 unnamed defendants"),
            ("2025-11", "Imprisonment: up to 10 years", "Guldariya Sherizat"),
            ("2025-11", "Imprisonment: up to 10 years", "Bekzat Maksutkan"),
            ("2025-11", "Imprisonment: up to 10 years", "17 unnamed defendants"),
            ("2026-01-23", "Trial hearing", "Guldariya Sherizat"),
            ("2026-01-23", "Trial hearing", "Bekzat Maksutkan"),
            ("2026-01-23", "Trial hearing", "17 unnamed defendants"),
            ("2026-01-23", "Ruling: Pending", "Guldariya Sherizat"),
            ("2026-01-23", "Ruling: Pending", "Bekzat Maksutkan"),
            ("2026-01-23", "Ruling: Pending", "17 unnamed defendants"),
        ]
        # Every line has its footnotes; the references are AFP's and Eurasianet's reports.
        assert all(h.footnotes for h in page.context["happenings"])
        references = [r.source.outlet for r in page.context["references"]]
        assert references == ["AFP", "Eurasianet"]
