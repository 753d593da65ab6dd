"""Tests of the Vietnamese catalogues and of the language a request gets.

The main catalogue is ``backend/locale`` (``LOCALE_PATHS``); the reports app keeps its own. Django gives
``LOCALE_PATHS`` the last word, so a message found in both catalogues must be translated the same way in both.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

from backend.places.models import SchoolContactPerson, ServiceSite
from backend.stock.models import Record

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "backend" / "locale" / "vi" / "LC_MESSAGES"
REPORTS = ROOT / "backend" / "reports" / "locale" / "vi" / "LC_MESSAGES"
CATALOGUES = [pytest.param(MAIN, id="main"), pytest.param(REPORTS, id="reports")]

# %(name)s, %s, %d, %% ... and {name}, {0}, {}.
PERCENT = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifgeExXr%]")
BRACE = re.compile(r"\{\w*\}")


def placeholders(text, flags):
    found = sorted(PERCENT.findall(text)) if "python-format" in flags else []
    if "python-brace-format" in flags:
        found += sorted(BRACE.findall(text))
    return found


def catalogue(folder):
    return polib.pofile(str(folder / "django.po"))


def messages(po):
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in po if not e.obsolete}


@pytest.mark.parametrize("folder", CATALOGUES)
def test_every_message_is_translated_and_none_is_fuzzy(folder):
    po = catalogue(folder)

    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == [] and not po.metadata_is_fuzzy
    assert po.metadata["Language"] == "vi"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"


@pytest.mark.parametrize("folder", CATALOGUES)
def test_translations_keep_the_placeholders_of_the_english(folder):
    wrong = []
    for entry in catalogue(folder).translated_entries():
        msgstrs = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for msgstr in msgstrs:
            if placeholders(msgstr, entry.flags) != placeholders(entry.msgid, entry.flags):
                wrong.append((entry.msgid, msgstr))

    assert wrong == []


def test_the_catalogues_hold_every_message_of_the_code_and_no_other(tmp_path):
    """Tests that running ``makemessages`` would change no message: run it on a copy of the code."""
    for folder in ["backend", "mobile_api", "maps", "routing"]:
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path)

    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete", "-i", "tests"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    for folder in [MAIN, REPORTS]:
        fresh = catalogue(tmp_path / folder.relative_to(ROOT))
        assert messages(fresh) == messages(catalogue(folder)), (
            f"run makemessages -l vi and translate the new messages ({folder.relative_to(ROOT)})"
        )


def test_untagged_percent_signs_are_left_alone():
    # Without the python-format flag a message is not %-formatted, so its % signs need no doubling.
    untagged = [e for e in catalogue(MAIN) if "python-format" not in e.flags and "%" in e.msgid]

    assert [(e.msgid, e.msgstr) for e in untagged if e.msgid.count("%") != e.msgstr.count("%")] == []


@pytest.mark.parametrize("folder", CATALOGUES)
def test_the_committed_mo_file_matches_its_po_file(folder):
    def pairs(entries):
        return {(e.msgctxt, e.msgid, e.msgstr) for e in entries if e.msgid}

    assert pairs(polib.mofile(str(folder / "django.mo"))) == pairs(catalogue(folder).translated_entries())


def test_messages_shared_with_the_reports_catalogue_are_translated_alike():
    reports = {(e.msgctxt, e.msgid): e.msgstr for e in catalogue(REPORTS)}
    differ = [
        (e.msgid, e.msgstr, reports[e.msgctxt, e.msgid]) for e in catalogue(MAIN) if (e.msgctxt, e.msgid) in reports
    ]

    assert [d for d in differ if d[1] != d[2]] == []
    assert differ, "no shared message: the test no longer checks anything"


def test_model_names_follow_the_active_language():
    with translation.override("vi"):
        assert str(ServiceSite._meta.verbose_name) == "điểm phục vụ"
        # The same English word, told apart by its context.
        assert str(Record._meta.get_field("title").verbose_name) == "nhan đề"
        assert str(SchoolContactPerson._meta.get_field("title").verbose_name) == "chức danh"
    with translation.override("en"):
        assert str(ServiceSite._meta.verbose_name) == "service site"
        assert str(SchoolContactPerson._meta.get_field("title").verbose_name) == "title"


def test_pages_are_in_vietnamese_by_default(client):
    home = client.get("/").content.decode()
    login = client.get("/accounts/login/").content.decode()

    assert '<html lang="vi"' in home
    assert "BookBus: xe thư viện lưu động" in home and "Mobile library" not in home
    assert "Tên đăng nhập" in login and "Mật khẩu" in login


def test_pages_are_in_english_when_the_browser_asks_for_it(client):
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()

    assert '<html lang="en"' in home
    assert "BookBus: the mobile library bus" in home and "Thư viện lưu động" not in home


def test_the_language_switch_turns_the_pages_to_english(client):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert switched.status_code == 302
    home = client.get("/").content.decode()
    assert "BookBus: the mobile library bus" in home and "Sign in" in home


@pytest.mark.django_db
def test_api_validation_errors_are_in_vietnamese_by_default_and_english_on_request(api_client):
    url = "/api/mobile/v1/devices/"

    vi = api_client.post(url, {}, format="json")
    en = api_client.post(url, {}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert vi.status_code == en.status_code == 400
    assert vi.json()["code"] == en.json()["code"] == "validation_error"
    assert vi.json()["message"] == "Một số trường dữ liệu không hợp lệ."
    assert vi.json()["extra"]["fields"]["username"] == ["Trường này là bắt buộc."]
    assert en.json()["message"] == "Some fields are not valid."
    assert en.json()["extra"]["fields"]["username"] == ["This field is required."]


@pytest.mark.django_db
def test_api_business_errors_follow_the_language(client_for, coordinator, vehicle, other_vehicle):
    url = f"/api/v1/vehicles/{other_vehicle.id}/"
    api = client_for(coordinator)
    # In lower case the plate passes the unique check of the column and is caught by the API's own rule.
    taken = {"plate_number": vehicle.plate_number.lower()}

    vi = api.patch(url, taken, format="json")
    en = api.patch(url, taken, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert vi.status_code == en.status_code == 400
    assert vi.json()["extra"]["fields"]["plate_number"] == ["Biển số này đã thuộc về một xe khác."]
    assert en.json()["extra"]["fields"]["plate_number"] == ["Another vehicle has this plate number."]


@pytest.mark.django_db
def test_sign_in_errors_of_the_phone_are_in_vietnamese(api_client, driver, vehicle):
    response = api_client.post(
        "/api/mobile/v1/devices/", {"username": driver.username, "password": "nope", "name": "Máy 1"}, format="json"
    )

    assert response.status_code == 401
    assert response.json() == {"code": "bad_credentials", "message": "Sai tên đăng nhập hoặc mật khẩu.", "extra": {}}
