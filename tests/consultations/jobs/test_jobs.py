"""Imports queued as jobs and done by the worker: progress, result, plain errors, cancelling."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from consultations.accounts.service import create_user
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import PermissionDenied
from consultations.jobs.model import JobStatus
from consultations.jobs.service import cancel_job, job_status, my_jobs, queue_import
from consultations.jobs.store import claim_next
from consultations.jobs.worker import run_job, run_next
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.projects.service import find_project

DEMO = Path(__file__).resolve().parents[3] / "data" / "parcels" / "cat-van-220kv"
WORKER = operator("worker")


def signed_in(store: Store, name: str, role: Role = Role.ADMIN) -> Actor:
    from consultations.accounts.service import sign_in

    project = find_project(store, "cat-van-220kv")
    scopes = [Scope(project.id, "Cát Văn")] if role is Role.FIELD_OFFICER else []
    create_user(store, name, "mat-khau-thu-nghiem", role, actor=operator("test"), scopes=scopes)
    return sign_in(store, name, "mat-khau-thu-nghiem")


def audited(store: Store) -> int:
    """The latest audit row's id: what a job wrote, or did not."""
    from consultations.audit.store import latest_audit_id

    with store.read() as conn:
        return latest_audit_id(conn)


def cancelled_while_running(store: Store, job_id: int, actor: Actor) -> JobStatus:
    """Claim the job as a worker would, cancel it as ``actor`` while it runs, then run it."""
    with store.begin() as conn:
        claimed = claim_next(conn, "test", job_status(store, job_id, actor=actor).created_at)
    assert claimed is not None and claimed[0].id == job_id
    cancel_job(store, job_id, actor=actor)
    return run_job(store, *claimed, actor=WORKER)


def _upload(tmp_path: Path, name: str = "thua_dat.zip") -> Path:
    folder = tmp_path / "upload"
    folder.mkdir(exist_ok=True)
    return Path(shutil.copy(DEMO / name, folder / name))


def _queue(store: Store, actor: Actor, path: Path, key: str = "k1") -> int:
    project = find_project(store, "cat-van-220kv")
    return queue_import(store, project, path, LayerKind.PARCELS, ImportOptions(), actor=actor,
                        key=key)  # fmt: skip


def test_a_queued_import_is_done_by_the_worker_with_its_result_kept(
    demo_store: Store, tmp_path: Path
) -> None:
    admin = signed_in(demo_store, "qt-vien")
    job_id = _queue(demo_store, admin, _upload(tmp_path))
    assert _queue(demo_store, admin, _upload(tmp_path)) == job_id  # a second click: the same job
    assert job_status(demo_store, job_id, actor=admin).status is JobStatus.QUEUED

    assert run_next(demo_store, actor=WORKER) is JobStatus.DONE
    assert run_next(demo_store, actor=WORKER) is None  # nothing else waits

    job = job_status(demo_store, job_id, actor=admin)
    assert job.status is JobStatus.DONE and job.progress == 1.0
    assert job.result is not None and job.result["affected_parcels"] > 0
    assert [j.id for j in my_jobs(demo_store, actor=admin)] == [job_id]


def test_a_file_that_is_no_layer_fails_with_a_plain_sentence(
    demo_store: Store, tmp_path: Path
) -> None:
    admin = signed_in(demo_store, "qt-vien")
    job_id = _queue(demo_store, admin, _upload(tmp_path, "nha_o.geojson"))
    assert run_next(demo_store, actor=WORKER) is JobStatus.FAILED
    job = job_status(demo_store, job_id, actor=admin)
    assert job.error and "Traceback" not in job.error
    assert job.result is None


def test_a_cancelled_job_never_runs_and_a_running_one_stops_with_nothing_saved(
    demo_store: Store, tmp_path: Path
) -> None:
    admin = signed_in(demo_store, "qt-vien")
    waiting = _queue(demo_store, admin, _upload(tmp_path), key="waiting")
    cancel_job(demo_store, waiting, actor=admin)
    assert run_next(demo_store, actor=WORKER) is None
    assert job_status(demo_store, waiting, actor=admin).status is JobStatus.CANCELLED

    running = _queue(demo_store, admin, _upload(tmp_path), key="running")
    with demo_store.begin() as conn:
        claimed = claim_next(conn, "test", job_status(demo_store, waiting, actor=admin).created_at)
    assert claimed is not None and claimed[0].id == running
    cancel_job(demo_store, running, actor=admin)  # asked while it runs: stops at its next step
    assert run_job(demo_store, *claimed, actor=WORKER) is JobStatus.CANCELLED
    job = job_status(demo_store, running, actor=admin)
    assert job.status is JobStatus.CANCELLED and job.error


def test_another_users_job_is_not_theirs_to_read_or_cancel(
    demo_store: Store, tmp_path: Path
) -> None:
    admin = signed_in(demo_store, "qt-vien")
    officer = signed_in(demo_store, "can-bo", Role.FIELD_OFFICER)
    job_id = _queue(demo_store, admin, _upload(tmp_path))
    with pytest.raises(PermissionDenied):
        cancel_job(demo_store, job_id, actor=officer)
    assert my_jobs(demo_store, actor=officer) == []


def test_two_workers_claiming_at_once_take_two_different_jobs(
    demo_store: Store, tmp_path: Path
) -> None:
    admin = signed_in(demo_store, "qt-vien")
    first = _queue(demo_store, admin, _upload(tmp_path), key="a")
    second = _queue(demo_store, admin, _upload(tmp_path), key="b")
    now = job_status(demo_store, first, actor=admin).created_at
    if demo_store.dialect == "sqlite":  # one write lock: one claim after the other
        with demo_store.begin() as one:
            taken = claim_next(one, "worker-1", now)
        with demo_store.begin() as other:
            skipped_to = claim_next(other, "worker-2", now)
    else:
        with demo_store.begin() as one, demo_store.begin() as other:
            taken = claim_next(one, "worker-1", now)  # its row stays locked until this commits
            skipped_to = claim_next(other, "worker-2", now)  # does not wait: takes the next
    assert taken is not None and skipped_to is not None
    assert (taken[0].id, skipped_to[0].id) == (first, second)


def test_a_queued_import_carries_its_layer_and_side_files_and_nothing_else_of_its_folder(
    demo_store: Store, tmp_path: Path
) -> None:
    """A layer uploaded beside other files (a database, another upload) sends only its own parts
    to the worker: the same name before the first dot, in any case."""
    folder = tmp_path / "shared"
    folder.mkdir()
    with zipfile.ZipFile(DEMO / "thua_dat.zip") as archive:
        archive.extractall(folder)
    layer = next(folder.glob("*.shp"))
    (folder / f"{layer.stem}.SHP.XML").write_text("<metadata/>")
    (folder / "clearway.sqlite").write_bytes(b"SQLite format 3\x00")
    (folder / "clearway.sqlite-shm").write_bytes(b"\x00" * 8)
    (folder / "other_layer.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    own = {
        p.name for p in folder.iterdir() if p.name.split(".")[0].casefold() == layer.stem.casefold()
    }
    assert {".shp", ".dbf", ".shx"} <= {Path(name).suffix.lower() for name in own}

    admin = signed_in(demo_store, "qt-vien")
    job_id = _queue(demo_store, admin, layer)
    with demo_store.begin() as conn:
        claimed = claim_next(conn, "test", job_status(demo_store, job_id, actor=admin).created_at)
    assert claimed is not None and claimed[1] is not None
    with zipfile.ZipFile(io.BytesIO(claimed[1])) as archive:
        assert set(archive.namelist()) == own
