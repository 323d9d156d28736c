"""Field packages: a field officer's communes taken offline and brought back, nothing lost, nothing
doubled, every conflict in front of a person. The field's edits are made as QField makes them: rows
added to the package's GeoPackage through GDAL, photos put in DCIM/, the folder zipped again."""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
from PIL import Image

import cli
from consultations.accounts.service import create_user
from consultations.audit.service import audit_trail
from consultations.consent.service import consent_history, record_consent
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import ConfirmationNeeded, InvalidRecord, PermissionDenied, StaleEdit
from consultations.core.records import ConsentStatus, Household, Project
from consultations.fieldwork.layout import (
    CONCERNS,
    CONSENT,
    GPKG,
    HOUSEHOLDS,
    MANIFEST,
    PARCELS,
    QGS,
)
from consultations.fieldwork.service import (
    export_field_package,
    field_rows,
    flagged_households,
    import_field_package,
    preview_field_package,
    resolve_clash,
)
from consultations.households.service import households_seen_by
from consultations.land.service import parcels_in
from consultations.projects.service import find_project
from translations import local_today

ADMIN = operator("t")
DAY = local_today() - dt.timedelta(days=1)


@pytest.fixture
def project(demo_store: Store) -> Project:
    return find_project(demo_store, "cat-van-220kv")


def officer(project: Project, name: str = "lan", commune: str = "Cát Văn") -> Actor:
    return Actor(name, Role.FIELD_OFFICER, (Scope(project.id, commune),))


def exported(store: Store, project: Project, folder: Path, actor: Actor) -> Path:
    """The package as the officer's phone holds it: unzipped in ``folder``."""
    package = export_field_package(store, project, actor=actor)
    with zipfile.ZipFile(io.BytesIO(package.content)) as archive:
        archive.extractall(folder)
    return folder


def add_rows(folder: Path, layer: str, rows: list[dict[str, object]]) -> None:
    """Rows added as QField adds them: through GDAL, into the add-only table."""
    columns = pyogrio.read_info(folder / GPKG, layer=layer)["fields"]
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows])
    pyogrio.write_dataframe(frame.astype({"phien_ban": "Int64"}), folder / GPKG, layer=layer,
                            driver="GPKG", append=True)  # fmt: skip


def consent_row(household: Household, status: str, note: str = "", photo: str = "",
                day: dt.date = DAY) -> dict[str, object]:  # fmt: skip
    return {"uuid": str(uuid.uuid4()), "ma_ho": household.code, "ngay": day.isoformat(),
            "tinh_trang": status, "ghi_chu": note, "anh": photo or None, "nguoi_ghi": "lan",
            "luc_ghi": dt.datetime.now().isoformat(timespec="seconds"),
            "phien_ban": household.version}  # fmt: skip


def jpeg() -> bytes:
    """A real photo's bytes (a package's photos are checked by their content)."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 180, 150)).save(buffer, "JPEG")
    return buffer.getvalue()


def zipped(folder: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, path.relative_to(folder).as_posix())
    return out


def mine(store: Store, project: Project, actor: Actor) -> list[Household]:
    return sorted(households_seen_by(store, project.id, actor=actor), key=lambda h: h.code)


def test_a_package_holds_the_officers_communes_and_no_personal_numbers(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    package = export_field_package(demo_store, project, actor=lan)
    folder = exported(demo_store, project, tmp_path / "phone", lan)
    assert {p.name for p in folder.iterdir()} == {GPKG, QGS, MANIFEST, "DCIM"}
    layers = {name for name, _kind in pyogrio.list_layers(folder / GPKG)}
    assert layers == {PARCELS, HOUSEHOLDS, CONSENT, CONCERNS}
    households = pyogrio.read_dataframe(folder / GPKG, layer=HOUSEHOLDS, read_geometry=False)
    assert sorted(households.ma_ho) == [h.code for h in mine(demo_store, project, lan)]
    assert package.households == len(households) > 0
    parcels = pyogrio.read_dataframe(folder / GPKG, layer=PARCELS)
    assert parcels.crs.to_epsg() == project.crs_epsg and len(parcels) == package.parcels > 0
    assert (parcels.dt_vinh_vien + parcels.dt_han_che > 0).all()
    for layer in (CONSENT, CONCERNS):
        assert len(pyogrio.read_dataframe(folder / GPKG, layer=layer, read_geometry=False)) == 0
    everything = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    every_household = mine(demo_store, project, ADMIN)
    private = [v for h in every_household for v in (h.phone, h.id_number) if v]
    assert private, "the demo should hold phone or ID numbers for this test to mean anything"
    assert not [v for v in private if v.encode() in everything]
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["user"] == "lan" and manifest["communes"] == ["Cát Văn"]
    assert manifest["versions"] == {h.code: h.version for h in mine(demo_store, project, lan)}


def test_the_qgis_project_names_layers_inside_the_package_in_the_projects_crs(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    folder = exported(demo_store, project, tmp_path / "phone", officer(project))
    root = ET.parse(folder / QGS).getroot()
    layers = {name for name, _kind in pyogrio.list_layers(folder / GPKG)}
    sources = [m.findtext("datasource") for m in root.iter("maplayer")]
    assert len(sources) == 4
    for source in sources:
        path, layer = str(source).split("|layername=")
        assert path == f"./{GPKG}" and layer in layers
    assert {e.text for e in root.iter("authid")} == {f"EPSG:{project.crs_epsg}"}
    labels = {o.get("name") for o in root.iter("Option") if o.get("value") == "agreed"}
    assert labels == {ConsentStatus.AGREED.label} and "đồng" in ConsentStatus.AGREED.label, labels
    read_only = {
        str(m.findtext("datasource")).split("=")[-1]: m.get("readOnly")
        for m in root.iter("maplayer")
    }
    assert read_only == {PARCELS: "1", HOUSEHOLDS: "1", CONSENT: "0", CONCERNS: "0"}


def test_rows_added_in_the_field_come_back_once_with_their_photo(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    folder = exported(demo_store, project, tmp_path / "phone", lan)
    first, second = mine(demo_store, project, lan)[:2]
    (folder / "DCIM" / "bien-ban.jpg").write_bytes(jpeg())
    add_rows(folder, CONSENT, [consent_row(first, "agreed", photo="DCIM/bien-ban.jpg"),
                               consent_row(second, "concerns", note="Hỏi về giá bồi thường")])  # fmt: skip
    add_rows(folder, CONCERNS, [{"uuid": str(uuid.uuid4()), "ma_ho": second.code,
             "ngay": DAY.isoformat(), "loai": "compensation_price", "noi_dung": "Giá đất thấp",
             "nguoi_ghi": "lan", "phien_ban": second.version}])  # fmt: skip
    returned = zipped(folder, tmp_path / "returned.zip")
    before = len(consent_history(demo_store, first.id, actor=lan))
    preview = preview_field_package(demo_store, returned, actor=lan)
    assert (preview.new_events, preview.new_concerns, preview.duplicates) == (2, 1, 0)
    assert (
        len(consent_history(demo_store, first.id, actor=lan)) == before
    )  # a preview saves nothing

    report = import_field_package(demo_store, returned, actor=lan, key="k1")
    assert (report.new_events, report.new_concerns, report.duplicates) == (2, 1, 0)
    assert not report.stale and not report.clashes and not report.missing_photos
    history = consent_history(demo_store, first.id, actor=lan)
    assert len(history) == before + 1
    assert (history[-1].status, history[-1].happened_on) == (ConsentStatus.AGREED, DAY)

    again = import_field_package(demo_store, returned, actor=lan)
    assert (again.new_events, again.new_concerns, again.duplicates) == (0, 0, 3)
    assert len(consent_history(demo_store, first.id, actor=lan)) == len(
        consent_history(demo_store, first.id, actor=lan)
    )
    rows = field_rows(demo_store, project, actor=lan)
    assert len(rows) == 3 and all(r.user == "lan" and r.conflict is None for r in rows)


def test_a_row_based_on_an_older_state_is_kept_and_listed_beside_what_the_office_did(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    folder = exported(demo_store, project, tmp_path / "phone", lan)
    household = mine(demo_store, project, lan)[0]
    record_consent(demo_store, household.id, ConsentStatus.REFUSED, DAY - dt.timedelta(days=1),
                   seen_version=household.version, actor=ADMIN, note="Ở văn phòng")  # fmt: skip
    add_rows(folder, CONSENT, [consent_row(household, "informed", note="Đã phát tờ rơi")])
    report = import_field_package(demo_store, zipped(folder, tmp_path / "r.zip"), actor=lan)
    assert report.new_events == 1 and len(report.stale) == 1
    assert household.code in report.stale[0] and ConsentStatus.REFUSED.label in report.stale[0]
    statuses = [e.status for e in consent_history(demo_store, household.id, actor=lan)]
    assert statuses[-2:] == [ConsentStatus.REFUSED, ConsentStatus.INFORMED]  # both kept, in order
    assert [r.conflict for r in field_rows(demo_store, project, actor=lan)] == ["stale"]


def test_two_statuses_for_one_household_and_day_are_both_kept_and_flagged_until_one_is_chosen(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan, hoa = officer(project), officer(project, "hoa")
    household = mine(demo_store, project, lan)[0]
    packages = []
    for who, status in ((lan, "agreed"), (hoa, "refused")):
        folder = exported(demo_store, project, tmp_path / who.username, who)
        add_rows(folder, CONSENT, [consent_row(household, status, note=f"{who.username} ghi")])
        packages.append(zipped(folder, tmp_path / f"{who.username}.zip"))
    assert not import_field_package(demo_store, packages[0], actor=lan).clashes
    assert flagged_households(demo_store, project, actor=lan) == {}
    report = import_field_package(demo_store, packages[1], actor=hoa)
    assert len(report.clashes) == 1 and household.code in report.clashes[0]
    assert flagged_households(demo_store, project, actor=lan) == {household.id: 1}
    chair, viewer = Actor("chu-tich", Role.CHAIR), Actor("xem", Role.VIEWER)
    with pytest.raises(StaleEdit):
        resolve_clash(demo_store, project, household.id, DAY, ConsentStatus.AGREED, actor=chair,
                      seen_clashes=0)  # fmt: skip
    with pytest.raises(PermissionDenied):
        resolve_clash(demo_store, project, household.id, DAY, ConsentStatus.AGREED, actor=viewer,
                      seen_clashes=1)  # fmt: skip
    for _tap in range(2):  # a double tap: one choice
        resolve_clash(demo_store, project, household.id, DAY, ConsentStatus.AGREED, actor=chair,
                      seen_clashes=1, key="r1")  # fmt: skip
    assert [e.actor for e in audit_trail(demo_store, actor=ADMIN) if e.action == "review"] == [
        "chu-tich"
    ]
    assert flagged_households(demo_store, project, actor=lan) == {}
    history = consent_history(demo_store, household.id, actor=lan)
    assert [e.status for e in history[-3:]] == [
        ConsentStatus.AGREED, ConsentStatus.REFUSED, ConsentStatus.AGREED,
    ]  # fmt: skip
    assert (history[-1].recorded_by, history[-1].happened_on) == ("chu-tich", DAY)


def test_edits_to_read_only_layers_are_reported_and_never_applied(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    folder = exported(demo_store, project, tmp_path / "phone", lan)
    parcels = pyogrio.read_dataframe(folder / GPKG, layer=PARCELS)
    label = str(parcels.nhan.iloc[0])
    parcels.loc[0, "dt_vinh_vien"] = 9999.0
    pyogrio.write_dataframe(parcels, folder / GPKG, layer=PARCELS, driver="GPKG")
    with demo_store.read() as conn:
        before = parcels_in(conn, project.id, project.crs_epsg).permanent_m2.sum()
    report = import_field_package(demo_store, zipped(folder, tmp_path / "r.zip"), actor=lan)
    assert any(label in line and "9.999,00" in line for line in report.ignored_edits), (
        report.ignored_edits
    )
    with demo_store.read() as conn:
        assert parcels_in(conn, project.id, project.crs_epsg).permanent_m2.sum() == before


def test_a_table_whose_columns_changed_is_refused_naming_the_column(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    folder = exported(demo_store, project, tmp_path / "phone", lan)
    household = mine(demo_store, project, lan)[0]
    row = consent_row(household, "informed", note="x")
    frame = pd.DataFrame([{**row, "so_cmnd": "0123"}]).astype({"phien_ban": "Int64"})
    pyogrio.write_dataframe(frame, folder / GPKG, layer=CONSENT, driver="GPKG")
    before = len(consent_history(demo_store, household.id, actor=lan))
    with pytest.raises(InvalidRecord, match="so_cmnd"):
        import_field_package(demo_store, zipped(folder, tmp_path / "r.zip"), actor=lan)
    assert len(consent_history(demo_store, household.id, actor=lan)) == before


def test_photos_named_but_missing_are_listed_and_saved_only_when_confirmed(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    folder = exported(demo_store, project, tmp_path / "phone", lan)
    household = mine(demo_store, project, lan)[0]
    add_rows(folder, CONSENT, [consent_row(household, "agreed", photo="DCIM/khong-co.jpg")])
    returned = zipped(folder, tmp_path / "r.zip")
    before = len(consent_history(demo_store, household.id, actor=lan))
    with pytest.raises(ConfirmationNeeded, match=r"khong-co\.jpg"):
        import_field_package(demo_store, returned, actor=lan)
    assert len(consent_history(demo_store, household.id, actor=lan)) == before
    report = import_field_package(demo_store, returned, actor=lan, photos_missing_confirmed=True)
    assert report.new_events == 1 and household.code in report.missing_photos[0]
    assert [r.photo_missing for r in field_rows(demo_store, project, actor=lan)] == [True]
    assert "khong-co.jpg" in str(consent_history(demo_store, household.id, actor=lan)[-1].note)
    again = import_field_package(demo_store, returned, actor=lan)  # asks nothing of rows it has
    assert (again.new_events, again.duplicates, again.missing_photos) == (0, 1, [])


def test_an_agreement_with_neither_photo_nor_note_is_refused(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    folder = exported(demo_store, project, tmp_path / "phone", lan)
    household = mine(demo_store, project, lan)[0]
    add_rows(folder, CONSENT, [consent_row(household, "informed", note="ok"),
                               consent_row(household, "agreed")])  # fmt: skip
    with pytest.raises(InvalidRecord, match=household.code):
        import_field_package(demo_store, zipped(folder, tmp_path / "r.zip"), actor=lan)
    assert field_rows(demo_store, project, actor=lan) == []  # the good row was not kept either


def test_a_package_covers_only_the_officers_communes_and_returns_only_there(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    with pytest.raises(InvalidRecord, match="elsewhere"):
        export_field_package(demo_store, project, actor=officer(project, "elsewhere", "Thanh Hà"))
    lan = officer(project)
    folder = exported(demo_store, project, tmp_path / "phone", lan)
    add_rows(
        folder, CONSENT, [consent_row(mine(demo_store, project, lan)[0], "informed", note="x")]
    )
    returned = zipped(folder, tmp_path / "r.zip")
    with pytest.raises(PermissionDenied):
        import_field_package(demo_store, returned, actor=officer(project, "elsewhere", "Thanh Hà"))
    with pytest.raises(PermissionDenied):  # only an administrator exports for someone else
        export_field_package(demo_store, project, actor=officer(project, "hoa"), owner=lan)


def test_vietnamese_text_and_dates_come_back_exactly(
    demo_store: Store, project: Project, tmp_path: Path
) -> None:
    lan = officer(project)
    folder = exported(demo_store, project, tmp_path / "phone", lan)
    household = mine(demo_store, project, lan)[0]
    typed = unicodedata.normalize(
        "NFD", "Bà Nguyễn Thị Ánh hỏi về mồ mả tổ tiên"
    )  # as iOS types it
    add_rows(
        folder,
        CONSENT,
        [consent_row(household, "concerns", note=typed, day=DAY - dt.timedelta(days=2))],
    )
    import_field_package(demo_store, zipped(folder, tmp_path / "r.zip"), actor=lan)
    event = consent_history(demo_store, household.id, actor=lan)[-1]
    assert event.note == unicodedata.normalize("NFC", typed)
    assert event.happened_on == DAY - dt.timedelta(days=2)


def test_the_command_line_exports_for_a_user_and_imports_it_back(
    demo_store: Store, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    create_user(demo_store, "lan", "mat-khau-dai-du", Role.FIELD_OFFICER, actor=ADMIN,
                scopes=[Scope(project.id, "Cát Văn")])  # fmt: skip
    monkeypatch.setattr(cli, "_store", lambda: demo_store)
    out = tmp_path / "pkg.zip"
    assert cli.main(["field-package", "export", "--project", project.slug, "--user", "lan",
                     "--out", str(out)]) == 0  # fmt: skip
    folder = tmp_path / "phone"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(folder)
    lan = officer(project)
    add_rows(
        folder, CONSENT, [consent_row(mine(demo_store, project, lan)[0], "informed", note="x")]
    )
    capsys.readouterr()
    assert cli.main(["field-package", "import", str(zipped(folder, tmp_path / "r.zip"))]) == 0
    assert "1" in capsys.readouterr().out
    assert cli.main(["field-package", "export", "--project", project.slug, "--user", "khong-co",
                     "--out", str(out)]) == 2  # fmt: skip
    assert "khong-co" in capsys.readouterr().err
