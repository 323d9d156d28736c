"""Field packages an adversary brings back (issue 27, round 3): a package cannot choose who recorded
its rows nor the version they were edited against; it is bounded before anything in it is read;
offline work is shown as it is, and a clash is closed by a person choosing which status stands."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import threading
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pyogrio
import pytest

from consultations.audit.service import audit_trail
from consultations.consent.model import current_status, parcel_status
from consultations.consent.service import consent_history, record_consent
from consultations.core.access import Actor, Role, Scope
from consultations.core.database import Store
from consultations.core.errors import ConsultationError, InvalidRecord, PermissionDenied
from consultations.core.records import ConsentStatus, ParcelStatus, Project
from consultations.documents.evidence import open_file
from consultations.fieldwork.bounds import MAX_TEXT_CHARS
from consultations.fieldwork.layout import CONCERNS, CONSENT, GPKG, MANIFEST, PARCELS
from consultations.fieldwork.service import (
    field_rows,
    flagged_households,
    import_field_package,
    open_clashes,
    preview_field_package,
    resolve_clash,
)
from consultations.projects.service import find_project
from tests.consultations.fieldwork.test_field_packages import (
    ADMIN,
    DAY,
    add_rows,
    consent_row,
    exported,
    jpeg,
    mine,
    officer,
    zipped,
)
from translations import LOCAL_TZ, _, format_number

CHAIR = Actor("chu-tich", Role.CHAIR)
FAST_S = 5.0  # a refused package is refused in seconds, before anything large is read


@pytest.fixture
def project(demo_store: Store) -> Project:
    return find_project(demo_store, "cat-van-220kv")


def edit_manifest(folder: Path, **changes: Any) -> None:
    manifest = json.loads((folder / MANIFEST).read_text())
    (folder / MANIFEST).write_text(json.dumps({**manifest, **changes}, ensure_ascii=False))


def one_row_package(store: Store, project: Project, tmp_path: Path, **row: Any) -> Path:
    """lan's package with one consent row added in the field, unzipped."""
    lan = officer(project)
    folder = exported(store, project, tmp_path / "phone", lan)
    household = mine(store, project, lan)[0]
    add_rows(folder, CONSENT, [{**consent_row(household, "informed", note="Đã gặp"), **row}])
    return folder


def test_the_recorder_is_the_officer_the_package_was_exported_for_whatever_its_manifest_says(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    folder = one_row_package(demo_store, project, tmp_path, nguoi_ghi="chu-tich")
    edit_manifest(folder, user="chu-tich")
    report = import_field_package(demo_store, zipped(folder, tmp_path / "r.zip"), actor=lan)
    household = mine(demo_store, project, lan)[0]
    event = consent_history(demo_store, household.id, actor=lan)[-1]
    assert (report.user, event.recorded_by) == ("lan", "lan")
    created = [e for e in audit_trail(demo_store, actor=ADMIN) if e.entity == "consent_event"]
    assert created[-1].actor == "lan"
    assert [r.user for r in field_rows(demo_store, project, actor=lan)] == ["lan"]


def test_a_package_is_brought_back_only_by_its_officer_a_chair_or_an_administrator(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    folder = one_row_package(demo_store, project, tmp_path)
    # The GeoPackage is one no reader should open: the refusal comes before it is opened.
    with sqlite3.connect(folder / GPKG) as conn:
        conn.execute("CREATE VIEW trap AS SELECT 1")
    returned = zipped(folder, tmp_path / "r.zip")
    hoa = officer(project, "hoa")  # same commune, not the package's officer
    with pytest.raises(PermissionDenied, match="lan"):
        import_field_package(demo_store, returned, actor=hoa)
    with pytest.raises(PermissionDenied, match="lan"):
        preview_field_package(demo_store, returned, actor=hoa)
    with pytest.raises(PermissionDenied):
        import_field_package(demo_store, returned, actor=Actor("xem", Role.VIEWER))
    with pytest.raises(InvalidRecord, match="trap"):  # the chair gets as far as the GeoPackage
        import_field_package(demo_store, returned, actor=CHAIR)


def test_a_chair_brings_back_an_officers_package_and_the_officer_is_the_recorder(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    folder = one_row_package(demo_store, project, tmp_path)
    report = import_field_package(demo_store, zipped(folder, tmp_path / "r.zip"), actor=CHAIR)
    assert (report.new_events, report.user) == (1, "lan")
    household = mine(demo_store, project, officer(project))[0]
    assert consent_history(demo_store, household.id, actor=CHAIR)[-1].recorded_by == "lan"
    imports = [e for e in audit_trail(demo_store, actor=ADMIN) if e.action == "field_import"]
    assert imports[-1].actor == "chu-tich"


def test_a_package_this_office_never_exported_is_refused(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    folder = one_row_package(demo_store, project, tmp_path)
    edit_manifest(folder, package_id=str(uuid.uuid4()))
    with pytest.raises(InvalidRecord, match=re.escape(project.name)):
        import_field_package(demo_store, zipped(folder, tmp_path / "r.zip"), actor=officer(project))


def test_a_forged_version_number_cannot_hide_a_stale_row(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    household = mine(demo_store, project, lan)[0]
    folder = one_row_package(demo_store, project, tmp_path, phien_ban=household.version + 50)
    edit_manifest(folder, versions={household.code: household.version + 50})
    record_consent(demo_store, household.id, ConsentStatus.REFUSED, DAY - dt.timedelta(days=1),
                   seen_version=household.version, actor=ADMIN, note="Ở văn phòng")  # fmt: skip
    report = import_field_package(demo_store, zipped(folder, tmp_path / "r.zip"), actor=lan)
    assert len(report.stale) == 1 and ConsentStatus.REFUSED.label in report.stale[0]
    assert [r.conflict for r in field_rows(demo_store, project, actor=lan)] == ["stale"]


def test_a_field_row_dated_long_ago_needs_a_late_reason_like_the_form(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    folder = one_row_package(demo_store, project, tmp_path, ngay="1900-01-01")
    with pytest.raises(InvalidRecord, match="01/01/1900"):
        import_field_package(demo_store, zipped(folder, tmp_path / "r.zip"), actor=officer(project))
    assert field_rows(demo_store, project, actor=officer(project)) == []


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda m: "{not json", id="not JSON"),
        pytest.param(lambda m: json.dumps({**m, "versions": ["CV01"]}), id="versions not a table"),
        pytest.param(
            lambda m: json.dumps({k: v for k, v in m.items() if k != "package_id"}),
            id="no package id",
        ),
        pytest.param(lambda m: json.dumps({**m, "user": {"name": "x"}}), id="user not a name"),
        pytest.param(lambda m: json.dumps([m]), id="a list"),
        pytest.param(lambda m: b"\xff\xfe bad bytes", id="not UTF-8"),
    ],
)
def test_a_malformed_manifest_gets_a_sentence(
    demo_store: Store, project: Project, tmp_path: Path, damage: Any
) -> None:
    folder = one_row_package(demo_store, project, tmp_path)
    text = damage(json.loads((folder / MANIFEST).read_text()))
    path = folder / MANIFEST
    path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text)
    with pytest.raises(InvalidRecord, match=r"manifest\.json"):
        import_field_package(demo_store, zipped(folder, tmp_path / "r.zip"), actor=officer(project))


def zeros_bomb(folder: Path, out: Path, photos: int, size: int) -> Path:
    """The package zipped with ``photos`` "photos" of zeros of ``size`` bytes each."""
    zipped(folder, out)
    zeros = b"\xff\xd8\xff" + bytes(size - 3)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for n in range(photos):
            archive.writestr(f"DCIM/p{n}.jpg", zeros)
    return out


def lying_sizes(folder: Path, out: Path) -> Path:
    """A photo whose zip entry declares far fewer bytes than it holds."""
    (folder / "DCIM" / "lie.jpg").write_bytes(jpeg() + bytes(range(256)) * 4096)
    add_rows(folder, CONSENT, [consent_row(mine_first(folder), "informed", note="x",
                                           photo="DCIM/lie.jpg")])  # fmt: skip
    zipped(folder, out)
    data = bytearray(out.read_bytes())
    with zipfile.ZipFile(out) as archive:
        info = archive.getinfo("DCIM/lie.jpg")
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"lie.jpg"))
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")  # uncompressed size
    data[info.header_offset + 22 : info.header_offset + 26] = (1000).to_bytes(4, "little")
    out.write_bytes(bytes(data))
    return out


def mine_first(folder: Path) -> Any:
    """The package's first household as ``consent_row`` needs it (its code and version)."""
    households = pyogrio.read_dataframe(folder / GPKG, layer="ho_dan", read_geometry=False)
    first = households.sort_values("ma_ho").iloc[0]
    return type("H", (), {"code": first.ma_ho, "version": int(first.phien_ban)})


def with_photo(content: bytes, name: str) -> Any:
    def make(folder: Path, out: Path) -> Path:
        (folder / "DCIM" / name).write_bytes(content)
        add_rows(folder, CONSENT, [consent_row(mine_first(folder), "refused", note="x",
                                               photo=f"DCIM/{name}")])  # fmt: skip
        return zipped(folder, out)

    return make


def huge_note(folder: Path, out: Path) -> Path:
    add_rows(folder, CONSENT, [consent_row(mine_first(folder), "concerns", note="à" * 2**20)])
    return zipped(folder, out)


def with_sql(statement: str) -> Any:
    def make(folder: Path, out: Path) -> Path:
        with sqlite3.connect(folder / GPKG) as conn:
            conn.execute(statement)
            if statement.startswith("CREATE VIEW"):  # offered to GDAL as a table to read
                conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier) "
                             "VALUES ('vong', 'attributes', 'vong')")  # fmt: skip
        return zipped(folder, out)

    return make


RECURSIVE_VIEW = (
    "CREATE VIEW vong AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
    "SELECT x AS fid FROM c"
)


@pytest.mark.parametrize(
    ("make", "sentence"),
    [
        pytest.param(
            lambda f, o: zeros_bomb(f, o, 200, 10_500_000), "r.zip", id="200 photos of zeros"
        ),
        pytest.param(
            lambda f, o: zeros_bomb(f, o, 1, 12 * 2**20), "r.zip|p0.jpg", id="one photo of zeros"
        ),
        pytest.param(lying_sizes, "lie.jpg", id="declared sizes that lie"),
        pytest.param(huge_note, format_number(MAX_TEXT_CHARS), id="a huge note"),
        pytest.param(
            with_photo(b"<html><script>alert(1)</script></html>", "a.jpg"),
            "a.jpg",
            id="an HTML photo",
        ),
        pytest.param(
            with_photo(b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>', "a.svg"),
            "a.svg",
            id="an SVG photo",
        ),
        pytest.param(with_sql(RECURSIVE_VIEW), "vong", id="a recursive view"),
        pytest.param(
            with_sql("CREATE TRIGGER xoa AFTER INSERT ON dong_thuan BEGIN DELETE FROM ho_dan; END"),
            "xoa",
            id="a trigger",
        ),
    ],
)
def test_a_returned_package_beyond_its_bounds_is_refused_fast_with_a_sentence(
    demo_store: Store, project: Project, tmp_path: Path, make: Any, sentence: str
) -> None:
    lan = officer(project)
    folder = exported(demo_store, project, tmp_path / "phone", lan)
    returned = make(folder, tmp_path / "r.zip")
    started = time.monotonic()
    with pytest.raises(InvalidRecord, match=sentence) as refused:
        import_field_package(demo_store, returned, actor=lan)
    assert time.monotonic() - started < FAST_S
    assert _("Nothing was saved.") in str(refused.value)
    assert field_rows(demo_store, project, actor=lan) == []


def test_a_concern_photo_opens_only_for_those_who_may_read_its_household(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    folder = exported(demo_store, project, tmp_path / "phone", lan)
    household = mine(demo_store, project, lan)[0]
    (folder / "DCIM" / "mo-ma.jpg").write_bytes(jpeg())
    add_rows(folder, CONCERNS, [{"uuid": str(uuid.uuid4()), "ma_ho": household.code,
             "ngay": DAY.isoformat(), "loai": "compensation_price", "noi_dung": "Mồ mả",
             "anh": "DCIM/mo-ma.jpg", "phien_ban": household.version}])  # fmt: skip
    import_field_package(demo_store, zipped(folder, tmp_path / "r.zip"), actor=lan)
    (row,) = field_rows(demo_store, project, actor=lan)
    assert row.photo is not None
    opened = open_file(demo_store, row.photo, actor=lan)
    assert opened.content == jpeg() and opened.media_type == "image/jpeg"
    with pytest.raises(PermissionDenied):
        open_file(demo_store, row.photo, actor=officer(project, "elsewhere", "Thanh Hà"))


def test_a_parcel_whose_households_were_never_contacted_says_not_contacted(
    demo_store: Store, tmp_path: Path
) -> None:
    vsip = find_project(demo_store, "hung-nguyen-vsip")  # the demo with households not contacted
    lan = Actor("lan", Role.FIELD_OFFICER, (Scope(vsip.id),))
    folder = exported(demo_store, vsip, tmp_path / "phone", lan)
    parcels = pyogrio.read_dataframe(folder / GPKG, layer=PARCELS, read_geometry=False)
    status = {
        h.code: current_status(consent_history(demo_store, h.id, actor=lan))
        for h in mine(demo_store, vsip, lan)
    }
    expected = [
        parcel_status(status[c] for c in str(codes).split(", ")).label for codes in parcels.ho
    ]
    assert list(parcels.tinh_trang) == expected
    assert ParcelStatus.NO_HOUSEHOLD.label not in set(parcels.tinh_trang)
    assert ParcelStatus.NOT_CONTACTED.label in set(parcels.tinh_trang)


def test_an_office_status_recorded_later_that_day_stays_current_until_a_chair_chooses(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    household = mine(demo_store, project, lan)[0]
    folder = exported(demo_store, project, tmp_path / "phone", lan)
    morning = dt.datetime.now(LOCAL_TZ).replace(tzinfo=None).isoformat(timespec="seconds")
    add_rows(folder, CONSENT, [{**consent_row(household, "agreed", note="Giấy ở UBND xã"),
                               "luc_ghi": morning}])  # fmt: skip
    time.sleep(1.1)  # the office records after the phone did
    record_consent(demo_store, household.id, ConsentStatus.REFUSED, DAY,
                   seen_version=household.version, actor=ADMIN, note="Ở văn phòng")  # fmt: skip
    report = import_field_package(demo_store, zipped(folder, tmp_path / "r.zip"), actor=lan)
    assert len(report.clashes) == 1
    history = consent_history(demo_store, household.id, actor=lan)
    assert current_status(history) is ConsentStatus.REFUSED  # the office's, recorded later
    (clash,) = open_clashes(demo_store, project, actor=CHAIR)
    assert clash.day == DAY and clash.rows == 1
    assert [(e.status, e.from_field) for e in clash.entries] == [
        (ConsentStatus.AGREED, True), (ConsentStatus.REFUSED, False)]  # fmt: skip
    with pytest.raises(InvalidRecord, match=ConsentStatus.INFORMED.label):
        resolve_clash(demo_store, project, household.id, DAY, ConsentStatus.INFORMED,
                      actor=CHAIR, seen_clashes=1)  # fmt: skip
    resolve_clash(demo_store, project, household.id, DAY, ConsentStatus.AGREED, actor=CHAIR,
                  seen_clashes=1, key="chon")  # fmt: skip
    history = consent_history(demo_store, household.id, actor=lan)
    assert current_status(history) is ConsentStatus.AGREED
    assert (history[-1].recorded_by, history[-1].happened_on) == ("chu-tich", DAY)
    assert open_clashes(demo_store, project, actor=CHAIR) == []
    assert flagged_households(demo_store, project, actor=lan) == {}
    reviews = [e for e in audit_trail(demo_store, actor=ADMIN) if e.action == "review"]
    assert reviews[-1].actor == "chu-tich"


def test_the_same_package_saved_twice_at_once_goes_in_once_and_the_other_save_says_so(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    folder = exported(demo_store, project, tmp_path / "phone", lan)
    households = mine(demo_store, project, lan)[:5]
    add_rows(folder, CONSENT, [consent_row(h, "informed", note="Đã gặp") for h in households])
    returned = zipped(folder, tmp_path / "r.zip")
    before = {h.id: len(consent_history(demo_store, h.id, actor=lan)) for h in households}
    start = threading.Barrier(2)
    outcomes: list[Any] = []

    def save(key: str) -> None:
        start.wait()
        try:
            outcomes.append(import_field_package(demo_store, returned, actor=lan, key=key))
        except ConsultationError as error:  # a sentence; anything else fails the test
            outcomes.append(error)

    threads = [threading.Thread(target=save, args=(k,)) for k in ("tab-1", "tab-2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 2, outcomes
    reports = [o for o in outcomes if not isinstance(o, ConsultationError)]
    assert sorted(r.new_events for r in reports)[-1] == 5
    assert all(r.new_events in (0, 5) for r in reports)
    assert all(r.duplicates == 5 for r in reports if r.new_events == 0)
    after = {h.id: len(consent_history(demo_store, h.id, actor=lan)) for h in households}
    assert after == {h: n + 1 for h, n in before.items()}
