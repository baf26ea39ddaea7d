"""Places as records: entered with every spelling, found by any of them, shown where they
are linked, and one filter for "protests in Aqtobe and their punishments"."""

import io
import re

import pytest
from django.urls import reverse

from events.models import Protest
from places.models import Place, PlaceKind, PlaceName
from tests.admin_pages import assert_saved, errors, submit
from tests.events.test_case_csv import download, read_rows
from tests.events.test_case_list import cited, detention
from tests.factories import CourtFactory, PersonFactory, PlaceFactory, ProtestFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:places_place_add")
SPELLINGS = ["Aqtobe", "Актобе", "Ақтөбе"]


def change_url(record) -> str:
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


@pytest.fixture
def region():
    kazakhstan = PlaceFactory(name="Kazakhstan", kind=PlaceKind.COUNTRY)
    return PlaceFactory(name="Aktobe Region", kind=PlaceKind.REGION, parent=kazakhstan)


def enter_place(client, **fields):
    rows = [
        {"name": "Aqtobe", "script": "latin", "origin": "researcher"},
        {"name": "Актобе", "script": "cyrillic", "origin": "researcher"},
        {"name": "Ақтөбе", "script": "kazakh_cyrillic", "origin": "researcher"},
    ]
    return submit(client, ADD, {"kind": "locality", **fields}, inlines={"names": rows})


def test_a_researcher_enters_a_place_with_three_spellings_and_it_shows_where_linked(
    client, researcher, editor, region
):
    client.force_login(researcher)
    assert_saved(enter_place(client, name="Aktobe", parent=region.pk))
    place = Place.objects.get(name="Aktobe")
    assert sorted(place.names.values_list("name", flat=True)) == sorted(SPELLINGS)
    assert not place.is_public  # a researcher's draft
    # The editor publishes it and links a protest to it, in the admin.
    client.force_login(editor)
    Place.objects.filter(pk=place.pk).update(publication_status="published")
    PlaceName.objects.filter(place=place).update(publication_status="published")
    protest = cited(ProtestFactory(title="Picket at the akimat", locality="Aktobe"))
    assert_saved(submit(client, change_url(protest), {"location": place.pk}))
    assert Protest.objects.get(pk=protest.pk).location == place

    place_page = client.get(place.get_absolute_url()).content.decode()
    for text in ["Aktobe", *SPELLINGS, "Aktobe Region", "Kazakhstan", "Picket at the akimat"]:
        assert text in place_page
    assert protest.get_absolute_url() in place_page
    protest_page = client.get(protest.get_absolute_url()).content.decode()
    assert f'href="{place.get_absolute_url()}">Aktobe</a>, Aktobe Region' in protest_page
    region_page = client.get(region.get_absolute_url()).content.decode()
    assert "Picket at the akimat" in region_page  # a region lists its towns' protests

    for spelling in ["Aktobe", "aktobe", *SPELLINGS]:
        search = client.get(reverse("search"), {"q": spelling})
        # The exact spelling first, then the region whose name holds it.
        assert search.context["places"]["results"] == [place, region], spelling
        assert protest in search.context["protests"]["results"], spelling


def test_the_case_filter_by_region_finds_protests_and_courts_inside_it_and_no_others(
    client, region
):
    town = PlaceFactory(name="Aktobe", parent=region)
    elsewhere = PlaceFactory(name="Zhanaozen")
    protest_here = cited(ProtestFactory(title="Aktobe picket", location=town))
    protest_elsewhere = cited(ProtestFactory(title="Zhanaozen rally", location=elsewhere))
    court_here = cited(CourtFactory(name="Aktobe City Court", location=town))
    by_protest = detention(10, name="Protester", protests=[protest_here])
    by_court = detention(15, name="Defendant", court=court_here)
    other = detention(20, name="Other", protests=[protest_elsewhere])
    detention(25, name="Nowhere")

    def found(**params):
        response = client.get(reverse("events:case_list"), params)
        assert response.status_code == 200
        return {sentence.pk for sentence in response.context["object_list"]}

    assert found(place=region.pk) == {by_protest.pk, by_court.pk}
    assert found(place=town.pk) == {by_protest.pk, by_court.pk}
    assert found(place=elsewhere.pk) == {other.pk}
    assert "Aktobe Region" in client.get(reverse("events:case_list")).content.decode()

    rows = {row["sentence_id"]: row for row in read_rows(download(client, place=region.pk)[1])}
    assert set(rows) == {str(by_protest.pk), str(by_court.pk)}
    assert rows[str(by_protest.pk)]["protest_places"] == "Aktobe"
    assert rows[str(by_protest.pk)]["court_place"] == ""
    assert rows[str(by_court.pk)]["court_place"] == "Aktobe"
    assert rows[str(by_court.pk)]["protest_places"] == ""

    court_page = client.get(court_here.get_absolute_url()).content.decode()
    assert f'href="{town.get_absolute_url()}">Aktobe</a>' in court_page
    proceeding_page = client.get(by_court.proceeding.get_absolute_url()).content.decode()
    assert f'href="{town.get_absolute_url()}">Aktobe</a>' in proceeding_page
    town_page = client.get(town.get_absolute_url()).content.decode()
    assert "Aktobe City Court" in town_page
    assert by_court.proceeding.get_absolute_url() in town_page


def test_a_place_that_is_not_public_hides_the_places_inside_it_and_their_links(client, region):
    town = PlaceFactory(name="Aktobe", parent=region)
    protest = cited(ProtestFactory(title="Aktobe picket", location=town))
    sentence = detention(10, name="Protester", protests=[protest])
    Place.objects.filter(pk=region.pk).update(publication_status="draft")
    town.refresh_from_db()
    assert not town.is_public
    assert client.get(town.get_absolute_url()).status_code == 404
    # No link to any place's page (the site's menu links the list of places).
    protest_page = client.get(protest.get_absolute_url()).content.decode()
    assert re.search(r"/places/\d", protest_page) is None
    assert read_rows(download(client)[1])[0]["protest_places"] == ""
    response = client.get(reverse("events:case_list"), {"place": town.pk})
    assert not response.context["object_list"]  # not a place the public may filter by
    # Published again: the region's towns follow, level by level.
    Place.objects.filter(pk=region.pk).update(publication_status="published")
    town.refresh_from_db()
    assert town.is_public
    assert sentence.pk in {
        s.pk
        for s in client.get(reverse("events:case_list"), {"place": region.pk}).context[
            "object_list"
        ]
    }


def test_a_protected_persons_residence_never_shows(client, region):
    town = PlaceFactory(name="Aktobe", parent=region)
    person = cited(
        PersonFactory(
            preferred_name="Real Name",
            is_protected=True,
            pseudonym="Relative A",
            protection_reason="Family in Xinjiang",
            locality="Aktobe",
            residence=town,
        )
    )
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Relative A" in page
    assert "Aktobe" not in page
    assert town.get_absolute_url() not in page
    assert "Relative A" not in client.get(town.get_absolute_url()).content.decode()
    # Not protected, the same person shows the home town, linked.
    person.is_protected = False
    person.save()
    page = client.get(person.get_absolute_url()).content.decode()
    assert f'href="{town.get_absolute_url()}">Aktobe</a>' in page


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "   "}, "name", "This field is required."),
        ({"latitude": "95", "longitude": "57.2", "coordinate_precision": "locality"},
         "latitude", "A latitude lies between -90 and 90."),
        ({"latitude": "50.3", "longitude": "-181", "coordinate_precision": "locality"},
         "longitude", "A longitude lies between -180 and 180."),
        ({"latitude": "50.3"}, "longitude", "Give both latitude and longitude, or neither."),
        ({"latitude": "50.3", "longitude": "57.2"}, "coordinate_precision",
         "Say how precise the coordinates are."),
    ],
)  # fmt: skip
def test_a_bad_place_gets_a_field_error_and_saves_nothing(
    client, researcher, fields, field, message
):
    client.force_login(researcher)
    response = enter_place(client, **{"name": "Aktobe", **fields})
    assert response.status_code == 200
    assert message in errors(response).get(field, []), errors(response)
    assert not Place.objects.exists()
    assert not PlaceName.objects.exists()


def test_a_place_cannot_lie_inside_itself(client, editor, region):
    town = PlaceFactory(name="Aktobe", parent=region)
    client.force_login(editor)
    for place, parent in [(region, region), (region, town)]:
        response = submit(client, change_url(place), {"parent": parent.pk})
        assert response.status_code == 200
        assert "A place cannot lie inside itself" in errors(response)["parent"][0]
    region.refresh_from_db()
    assert region.parent.name == "Kazakhstan"


def test_a_blank_spelling_is_refused(client, researcher):
    client.force_login(researcher)
    rows = [{"name": " ", "script": "cyrillic", "origin": "attested"}]
    response = submit(client, ADD, {"name": "Aktobe", "kind": "locality"}, {"names": rows})
    assert response.status_code == 200
    assert errors(response)["names-0-name"] == ["This field is required."]
    assert not Place.objects.exists()


def test_synthetic_data_holds_places_linked_from_protests_courts_and_homes():
    from django.core.management import call_command

    from people.models import Organization, Person

    call_command("generate_synthetic", scale=0.001, seed=3, stdout=io.StringIO())
    assert Place.objects.public().count() > 200
    assert PlaceName.objects.public().filter(script="kazakh_cyrillic").exists()
    assert not Protest.objects.filter(location__isnull=True).exists()
    assert Organization.objects.filter(location__isnull=False).exists()
    assert Person.objects.filter(residence__isnull=False).exists()
    aktobe = Place.objects.get(name="Aktobe", kind=PlaceKind.LOCALITY)
    assert aktobe.parent.name == "Aktobe Region"
    assert aktobe.names.filter(name="Ақтөбе").exists()


def test_a_detention_held_in_a_town_is_found_by_its_region_and_never_for_a_protected_person(
    client, researcher, region
):
    from events.models import PretrialMeasure

    town = PlaceFactory(name="Aktobe", parent=region)
    held = detention(15, name="Held In Aktobe", country="Kazakhstan")
    detention(15, name="Held Elsewhere")
    measure = PretrialMeasure.objects.create(
        proceeding=held.proceeding, kind="detention", start="2025-07", publication_status="draft"
    )
    client.force_login(researcher)
    assert_saved(submit(client, change_url(measure), {"place": town.pk}))
    measure.refresh_from_db()
    measure.publication_status = "published"
    measure.save()
    cited(measure)
    client.logout()

    page = client.get(held.proceeding.get_absolute_url()).content.decode()
    assert f'<a href="{town.get_absolute_url()}">Aktobe</a>' in page
    person_page = client.get(held.proceeding.person.get_absolute_url()).content.decode()
    assert "Aktobe" in person_page.split("Detention")[-1]
    listed = [row["person"] for row in read_rows(download(client, place=region.pk)[1])]
    assert listed == ["Held In Aktobe"]

    person = held.proceeding.person
    person.is_protected, person.pseudonym, person.protection_reason = True, "Person A", "Risk"
    person.save()
    page = client.get(held.proceeding.get_absolute_url()).content.decode()
    assert town.get_absolute_url() not in page
    assert read_rows(download(client, place=region.pk)[1]) == []


def test_a_places_page_lists_its_newest_protests_and_cases_first_and_the_undated_last(
    client, region, monkeypatch
):
    """The newest first, as the indexes of public protests and cases hold them (a country's
    page read them from there, not by sorting every case heard in it), undated last, and
    only the newest ``PLACE_LIST_LIMIT`` of each."""
    from events import place_views
    from tests.factories import ProceedingFactory

    town = PlaceFactory(name="Aktobe", parent=region)
    court = cited(CourtFactory(name="Aktobe City Court", location=town))
    for title, start in (("Old", "2019"), ("Undated", ""), ("New", "2025-07"), ("Mid", "2023")):
        cited(ProtestFactory(title=f"{title} picket", start=start, location=town))
    for name, opened in (("Old", "2019"), ("Undated", ""), ("New", "2025-07"), ("Mid", "2023")):
        person = cited(PersonFactory(preferred_name=f"{name} Defendant"))
        cited(ProceedingFactory(person=person, court=court, opened=opened))

    def listed(place, heading: str) -> list[str]:
        html = client.get(place.get_absolute_url()).content.decode()
        section = html.split(f'id="{heading}"')[1].split("</section>")[0]
        return re.findall(r"(Old|Mid|New|Undated) (?:picket|Defendant)", section)

    for place in (town, region):
        assert listed(place, "protests-heading") == ["New", "Mid", "Old", "Undated"]
        assert listed(place, "courts-heading") == ["New", "Mid", "Old", "Undated"]
    monkeypatch.setattr(place_views, "PLACE_LIST_LIMIT", 2)
    assert listed(region, "protests-heading") == ["New", "Mid"]
    assert listed(region, "courts-heading") == ["New", "Mid"]
