"""Clearway from a terminal: the same use cases as the app, for scripts, servers and backups.

Run ``python cli.py --help``. Errors in the input are printed in plain words with exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from consultations.compensation.model import Method, PaymentKind, TableKind, payment_rule
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.errors import InvalidRecord
from consultations.core.messages import USER_ERRORS, message_for
from consultations.core.numbers import parse_number, read_back, read_number
from consultations.core.records import NewProject, Project, ProjectKind
from consultations.land.kinds import LayerKind
from consultations.reporting.options import BACKLOG_DAYS, EXPORT_FORMATS, WHAT, Audience
from geo.encodings import ENCODINGS
from translations import _, format_date, local_today, set_language
from translations.argparse_words import speak_in_argparse

if TYPE_CHECKING:
    from consultations.core.store import Store


def typed_number(text: str) -> float:
    """A number given on the command line, read as Vietnamese write it ("4,5", "1.234,5")."""
    try:
        return float(parse_number(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a number; write four and a half as 4,5 or 4.5.").format(text=text)
        ) from None


def _date(value: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(_("“{value}” is not a date (YYYY-MM-DD).").format(value=value))


def _store() -> Store:
    from consultations.core.store import open_store

    store = open_store()
    store.migrate()
    return store


def cmd_init_db(_args: argparse.Namespace) -> None:
    store = _store()
    print(_("Database ready at schema revision {rev}.").format(rev=store.revision()))


def cmd_worker(args: argparse.Namespace) -> None:
    import logging

    from consultations.jobs.worker import run_worker

    logging.basicConfig(level=logging.INFO)
    done = run_worker(_store(), actor=operator("worker"), poll_s=args.poll, once=args.once)
    if args.once:
        print(_("{n} jobs done.").format(n=done))


def _operator(args: argparse.Namespace) -> Actor:
    """Who runs this command, for the audit log: ``cli:NAME`` (``--actor``, else the system user)."""
    return operator(f"cli:{getattr(args, 'actor', None) or getpass.getuser()}")


def cmd_load_demo(args: argparse.Namespace) -> None:
    from consultations.projects.service import list_projects
    from consultations.setup.demo import DEMO_SLUGS, load_demo_project

    store = _store()
    if args.if_empty and not store.is_empty():
        print(_("The database already has projects; the demo was not loaded again."))
        return
    existing = {p.slug for p in list_projects(store)}
    for slug in DEMO_SLUGS:
        if slug in existing:
            print(_("Demo project {slug} is already loaded.").format(slug=slug))
            continue
        project = load_demo_project(store, slug)
        print(_("Loaded demo project {slug}: {name}").format(slug=project.slug, name=project.name))


def cmd_new_project(args: argparse.Namespace) -> None:
    from consultations.projects.places import find_province
    from consultations.projects.service import create_project

    province = find_province(args.province)
    crs = args.crs or (province.zones[0] if province and province.zones else 0)
    project = create_project(_store(), NewProject(
        slug=args.slug, name=args.name, kind=ProjectKind(args.kind), crs_epsg=crs,
        voltage_kv=args.voltage_kv, conductor_half_spread_m=args.conductor_half_spread_m,
        tower_side_m=args.tower_side_m, corridor_width_m=args.corridor_width_m,
        issuing_authority=args.authority, province=args.province,
        cutoff_on=args.cutoff, units=tuple(("commune", c) for c in args.commune or []),
    ), actor=_operator(args))  # fmt: skip
    print(_("Created project {slug}: {name} (EPSG:{epsg}).").format(
        slug=project.slug, name=project.name, epsg=project.crs_epsg))  # fmt: skip
    print(_("Next: add its layers with python cli.py import FILE --project {slug} --kind …").format(
        slug=project.slug))  # fmt: skip


def cmd_load_project(args: argparse.Namespace) -> None:
    from consultations.setup.folder import load_project_folder

    project = load_project_folder(_store(), Path(args.folder), actor=_operator(args))
    print(_("Loaded project {slug}: {name}").format(slug=project.slug, name=project.name))


def cmd_status(args: argparse.Namespace) -> None:
    from consultations.compensation.money import vnd
    from consultations.compensation.payments import compensation_totals
    from consultations.projects.service import find_project
    from consultations.reporting.state import project_figures

    store = _store()
    project = find_project(store, args.project)
    figures = project_figures(store, project, args.as_of)
    if args.json:
        money = compensation_totals(store, project.id, actor=_operator(args), today=args.as_of)
        print(
            json.dumps(
                {"project": project.slug, **figures.as_dict(), **money.as_status()},
                ensure_ascii=False,
            )
        )
        return
    print(project.name)
    print(_("As of: {date}").format(date=format_date(args.as_of or local_today())))
    for label, value in (
        (_("Affected households"), figures.affected_households),
        (_("Agreed (signed)"), figures.agreed),
        (_("Has concerns"), figures.concerns),
        (_("Refused"), figures.refused),
        (_("Informed"), figures.informed),
        (_("Not contacted"), figures.not_contacted),
        (_("Agreement share"), f"{figures.agreement_share:.1%}"),
        (_("More households needed to pass 75 %"), figures.more_to_pass),
    ):
        print(f"  {label}: {value}")
    money = compensation_totals(store, project.id, actor=_operator(args), today=args.as_of)
    if money.estimated_vnd:
        for label, amount in ((_("Compensation estimated"), money.estimated_vnd),
                              (_("Compensation approved"), money.approved_vnd),
                              (_("Compensation paid"), money.paid_vnd)):  # fmt: skip
            print(f"  {label}: {vnd(amount)}")
        print(f"  {_('Households late for payment')}: {money.households_late}")


def cmd_backup(args: argparse.Namespace) -> None:
    from consultations.backups.service import back_up

    counts = back_up(_store(), Path(args.out), actor=_operator(args))
    print(
        _("Backup written to {path}: {rows} records.").format(
            path=args.out, rows=sum(counts.values())
        )
    )


def cmd_restore(args: argparse.Namespace) -> None:
    from consultations.backups.service import restore_backup
    from consultations.core.store import VAR_DIR

    done = restore_backup(
        _store(), Path(args.file), actor=_operator(args), keep_in=VAR_DIR / "backups"
    )
    print(
        _("Restored {rows} records from {path}.").format(
            rows=sum(done.counts.values()), path=args.file
        )
    )
    print(_("The records it replaced were saved first to {path}.").format(path=done.kept_at))


def _mapping(pairs: list[str] | None) -> dict[str, str] | None:
    if not pairs:
        return None
    mapping = {}
    for pair in pairs:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours.strip():
            raise InvalidRecord(_("--map takes field=COLUMN, not “{pair}”.").format(pair=pair))
        mapping[ours.strip()] = theirs.strip()
    return mapping


def cmd_import(args: argparse.Namespace) -> None:
    from consultations.land.kinds import ImportOptions, LayerKind
    from consultations.land.preview import preview_import
    from consultations.land.reports import change_lines
    from consultations.land.service import import_effects, import_layer
    from consultations.projects.service import find_project

    store = _store()
    project = find_project(store, args.project)
    options = ImportOptions(
        layer=args.layer,
        crs_epsg=args.crs,
        encoding=args.encoding,
        mapping=_mapping(args.map),
        width_m=args.width_m,
        tower_side_m=args.tower_side_m,
        communes=tuple(
            (old, new) for old, _sep, new in (c.partition("=") for c in args.commune or [])
        ),
    )
    prepared = preview_import(
        store, project, Path(args.file), LayerKind(args.kind), options, actor=_operator(args)
    )
    for line in prepared.preview().lines:
        print("  " + line)
    if args.dry_run:
        effects, reasons = import_effects(store, project, prepared, actor=_operator(args))
        print(_("Dry run: nothing was saved. Saving would change this:"))
        for line in [*change_lines(effects), *reasons]:
            print("  " + line)
        return
    changes = import_layer(store, project, prepared, actor=_operator(args), confirmed=args.replace)
    for line in change_lines(changes):
        print(line)


def cmd_affected(args: argparse.Namespace) -> None:
    from consultations.land.affected import CorridorSpec, affected_parcels, write_affected

    spec = CorridorSpec(args.half_width_m, args.voltage_kv, args.conductor_half_spread_m)
    result = affected_parcels(
        Path(args.parcels),
        Path(args.corridor),
        spec,
        towers_path=Path(args.towers) if args.towers else None,
        tower_side_m=args.tower_side_m,
        crs_epsg=args.crs,
        encoding=args.encoding,
        id_field=args.id_field,
        layer=args.layer,
    )
    for note in result.notes:
        print(note)
    write_affected(result.parcels, Path(args.out))
    print(
        _("{count} affected parcels written to {path} (areas in m², EPSG:{epsg}).").format(
            count=len(result.parcels), path=args.out, epsg=result.parcels.crs.to_epsg()
        )
    )


def cmd_import_households(args: argparse.Namespace) -> None:
    from consultations.projects.service import find_project
    from consultations.setup.household_import import import_households

    store = _store()
    project = find_project(store, args.project)
    count = import_households(store, project, Path(args.file), actor=_operator(args))
    print(_("{n} households added to {project}.").format(n=count, project=project.slug))


def cmd_register_template(args: argparse.Namespace) -> None:
    from consultations.households.register_template import register_template

    Path(args.out).write_bytes(register_template())
    print(_("Empty household register written to {path}.").format(path=args.out))


def cmd_export_map(args: argparse.Namespace) -> None:
    from consultations.projects.service import find_project
    from consultations.reporting.map_export import map_html, map_png_bytes
    from consultations.reporting.palette import STATUS_COLOURS

    store = _store()
    project = find_project(store, args.project)
    out = Path(args.out)
    if out.suffix.lower() == ".png":
        data = map_png_bytes(
            store, project, STATUS_COLOURS, as_of=args.as_of, actor=_operator(args)
        )
    else:
        html = map_html(store, project, Audience(args.audience), STATUS_COLOURS, as_of=args.as_of,
                        show_names=args.names, actor=_operator(args))  # fmt: skip
        data = html.encode("utf-8")
    out.write_bytes(data)
    print(_("Map written to {path} ({size:,} bytes).").format(path=out, size=len(data)))


def cmd_export(args: argparse.Namespace) -> None:
    from consultations.projects.service import find_project
    from consultations.reporting.project_export import export_project

    store = _store()
    project = find_project(store, args.project)
    out = Path(args.out)
    if out.suffix.lower().lstrip(".") != args.format:
        out = out.with_suffix("." + args.format)
    rows = export_project(store, project, args.format, out, actor=_operator(args), what=args.what)
    print(_("{rows} rows written to {path}.").format(rows=rows, path=out))


def cmd_household_file(args: argparse.Namespace) -> None:
    from consultations.projects.service import find_project
    from consultations.reporting.household_file import export_household_file, household_id_of

    store = _store()
    project = find_project(store, args.project)
    actor = _operator(args)
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    household_id = household_id_of(store, project.id, args.household, actor=actor)
    out.write_bytes(export_household_file(store, household_id, fmt, actor=actor))
    print(_("Household file written to {path}.").format(path=out))


def _password(args: argparse.Namespace) -> str:
    """From CLEARWAY_PASSWORD (scripts) or asked twice at the terminal; never on the command line."""
    if os.environ.get("CLEARWAY_PASSWORD"):
        return os.environ["CLEARWAY_PASSWORD"]
    first = getpass.getpass(_("Password: "))
    if getpass.getpass(_("Again: ")) != first:
        raise InvalidRecord(_("The two passwords differ."))
    return first


def cmd_create_user(args: argparse.Namespace) -> None:
    from consultations.accounts.service import create_user
    from consultations.projects.service import find_project

    store = _store()
    scopes = []
    for item in args.scope or []:
        slug, _sep, commune = item.partition(":")
        scopes.append(Scope(find_project(store, slug).id, commune or None))
    create_user(store, args.username, _password(args), Role(args.role), actor=_operator(args),
                full_name=args.full_name, scopes=scopes)  # fmt: skip
    print(_("{name} can now sign in.").format(name=args.username))


def cmd_set_password(args: argparse.Namespace) -> None:
    from consultations.accounts.service import set_password

    set_password(_store(), args.username, _password(args), actor=_operator(args))
    print(_("Password of {name} changed.").format(name=args.username))


def cmd_ensure_admin(args: argparse.Namespace) -> None:
    from consultations.accounts.service import first_admin

    password = first_admin(_store())
    if password:
        print(_("First administrator created. Sign in as “admin” with the password: {password}").format(
            password=password))  # fmt: skip
        print(_("Change it on the Users page, or: python cli.py set-password admin"))


def cmd_deliver_outbox(args: argparse.Namespace) -> None:
    from consultations.outbox.channels import channels_from_settings
    from consultations.outbox.service import deliver_outbox

    channels = channels_from_settings()
    done = deliver_outbox(_store(), channels, actor=_operator(args))
    print(_("Messages sent: {sent}; to try again later: {retrying}; given up: {failed}; waiting "
            "for a channel not configured: {waiting}.").format(sent=done.sent, retrying=done.retrying,
            failed=done.failed, waiting=done.waiting))  # fmt: skip


def cmd_contact_consent(args: argparse.Namespace) -> None:
    from consultations.outbox.model import ContactChannel
    from consultations.outbox.service import record_contact_consent

    record_contact_consent(_store(), ContactChannel(args.channel), username=args.user,
                           address=args.address, given=not args.withdraw, on=local_today(),
                           actor=_operator(args))  # fmt: skip
    print(_("Consent of {name} to be contacted by {channel} recorded.").format(
        name=args.user, channel=ContactChannel(args.channel).label))  # fmt: skip


def cmd_daily_digest(args: argparse.Namespace) -> None:
    from consultations.reporting.digest import send_daily_digest, send_deadline_notices

    written = send_daily_digest(_store(), actor=_operator(args))
    told = send_deadline_notices(_store(), actor=_operator(args))
    print(_("Daily digests written to the outbox: {n}; households told of a deadline reached: {m}.").format(
        n=written, m=told))  # fmt: skip


def cmd_report(args: argparse.Namespace) -> None:
    from consultations.projects.service import find_project
    from consultations.reporting.monthly_report import write_report

    store = _store()
    project = find_project(store, args.project)
    out = write_report(store, project, args.month, Path(args.out), actor=_operator(args),
                       backlog_days=args.backlog_days)  # fmt: skip
    print(_("Report written to {path}.").format(path=out))


def cmd_field_package(args: argparse.Namespace) -> None:
    from consultations.accounts.staffing import actor_named
    from consultations.fieldwork.service import export_field_package, import_field_package
    from consultations.projects.service import find_project

    store = _store()
    if args.action == "export":
        project = find_project(store, args.project)
        owner = actor_named(store, args.user, actor=_operator(args))
        package = export_field_package(store, project, actor=_operator(args), owner=owner)
        Path(args.out).write_bytes(package.content)
        print(_("Field package written to {path}: {households} households, {parcels} affected "
                "parcels.").format(path=args.out, households=package.households,
                                   parcels=package.parcels))  # fmt: skip
        return
    report = import_field_package(store, Path(args.file), actor=_operator(args),
                                  photos_missing_confirmed=args.without_missing_photos)  # fmt: skip
    print(_("{events} consent events and {concerns} concerns added; {dups} rows were already "
            "imported.").format(events=report.new_events, concerns=report.new_concerns,
                                dups=report.duplicates))  # fmt: skip
    for title, lines in (
        (_("Recorded offline against an older state:"), report.stale),
        (_("Two statuses for one household on one day (flagged until reviewed):"), report.clashes),
        (_("Edits to read-only layers, ignored:"), report.ignored_edits),
        (_("Saved without these photos:"), report.missing_photos),
    ):
        if lines:
            print(title)
            for line in lines:
                print("  " + line)


def cmd_petitions(args: argparse.Namespace) -> None:
    from consultations.petitions.figures import petition_figures
    from consultations.petitions.importing import import_petitions

    store = _store()
    if args.action == "import":
        count = import_petitions(store, Path(args.file), body=args.body, actor=_operator(args))
        print(_("{n} petitions added to the register of {body}.").format(n=count, body=args.body))
        return
    figures = petition_figures(store, actor=_operator(args), start=args.start, end=args.end,
                               body=args.body)  # fmt: skip
    if args.xlsx:
        Path(args.xlsx).write_bytes(figures.xlsx())
        # With --json, standard output holds the JSON alone.
        print(_("Figures written to {file}.").format(file=args.xlsx),
              file=sys.stderr if args.json else sys.stdout)  # fmt: skip
    if args.json:
        print(json.dumps(figures.as_json(), ensure_ascii=False))
        return
    last_year = _("Same period last year")
    for row in figures.rows():
        print(f"{row.label}: {row.text(row.value)} ({last_year}: {row.text(row.last_year)})")


def cmd_compensation(args: argparse.Namespace) -> None:
    from consultations.compensation.prices import prepare_prices, price_version_lines, save_prices
    from consultations.compensation.sheets import sheet_plan, write_sheet
    from consultations.projects.service import find_project

    store = _store()
    if args.action == "import-prices":
        version = prepare_prices(store, Path(args.file), province=args.province, kind=TableKind(args.kind),
                                 decision=args.decision, valid_from=args.start, valid_to=args.end,
                                 source=Path(args.source) if args.source else None, actor=_operator(args))  # fmt: skip
        for line in price_version_lines(version):
            print(line)
        if args.dry_run:
            print(_("Nothing was saved (--dry-run)."))
            return
        save_prices(store, version, actor=_operator(args))
        print(_("Price table saved: {n} items.").format(n=len(version.items)))
        return
    project = find_project(store, args.project)
    if args.action in ("pay", "import-payments"):
        _pay(store, project, args)
        return
    household_id, plan_id = sheet_plan(store, project, args.household, actor=_operator(args))
    data = write_sheet(
        store, project, args.plan or plan_id, household_id, args.out, actor=_operator(args)
    )
    Path(args.out).write_bytes(data)
    print(_("Calculation sheet written to {file}.").format(file=args.out))


def _pay(store: Store, project: Project, args: argparse.Namespace) -> None:
    """A payment, or a list of them, through the same ledger door as the payment form."""
    from consultations.compensation.payment_lists import import_payments
    from consultations.compensation.payments import account_of, record_payment

    if args.action == "import-payments":
        count = import_payments(store, project.id, Path(args.file), actor=_operator(args))
        print(_("{n} payments recorded.").format(n=count))
        return
    amount = read_number(args.amount, payment_rule())
    household = account_of(store, project.id, args.household, actor=_operator(args))
    record_payment(
        store,
        project.id,
        household.household_id,
        kind=PaymentKind.PAYMENT,
        paid_on=args.paid_on,
        amount_vnd=int(amount),
        method=Method(args.method),
        receipt=args.receipt,
        actor=_operator(args),
    )  # fmt: skip (run twice: its receipt is refused, naming the first)
    print(_("Payment of {amount} to household {code} recorded.").format(
        amount=read_back(amount, payment_rule()), code=household.household_code))  # fmt: skip


def cmd_serve_api(args: argparse.Namespace) -> None:
    import uvicorn

    from api.app import create_app

    print(_("The API is served at http://{host}:{port}/api/v1/ (its description: "
            "/api/v1/openapi.json).").format(host=args.host, port=args.port), flush=True)  # fmt: skip
    uvicorn.run(create_app(_store()), host=args.host, port=args.port, log_level="warning")


def cmd_serve_layers(args: argparse.Namespace) -> None:
    import subprocess

    from api.layers import pygeoapi_commands, pygeoapi_config, write_config
    from consultations.core.store import VAR_DIR, database_url

    store = _store()  # the views of the public layers are those of the current schema
    url = args.url or f"http://{args.host}:{args.port}"
    try:
        config = pygeoapi_config(database_url(), url, args.host, args.port)
    except ValueError as error:
        raise InvalidRecord(str(error)) from None
    folder = Path(args.config_dir) if args.config_dir else VAR_DIR / "pygeoapi"
    path = write_config(config, folder / "pygeoapi.yml")
    generate, serve, env = pygeoapi_commands(
        path, folder / "pygeoapi-openapi.yml", args.host, args.port
    )
    store.dispose()
    made = subprocess.run(generate, env={**os.environ, **env}, capture_output=True, text=True)
    if made.returncode != 0:
        raise InvalidRecord(
            _("pygeoapi could not read the public layers ({detail}).").format(
                detail=(made.stderr.strip().splitlines() or ["-"])[-1])
        )  # fmt: skip
    print(_("The public layers are served at {url}/collections (OGC API - Features; "
            "configuration: {path}).").format(url=url, path=path), flush=True)  # fmt: skip
    os.execvpe(serve[0], serve, {**os.environ, **env})  # pygeoapi takes this process's place


def cmd_api_client(args: argparse.Namespace) -> None:
    from consultations.api_clients.service import (
        api_clients,
        create_client,
        parse_scopes,
        revoke_client,
    )
    from consultations.projects.service import find_project

    store = _store()
    if args.action == "create":
        projects = []
        for item in args.project or []:
            slug, _sep, commune = item.partition(":")
            projects.append(Scope(find_project(store, slug).id, commune or None))
        made = create_client(store, args.name, parse_scopes(args.scope), actor=_operator(args),
                             role=Role(args.role) if args.role else None, projects=projects)  # fmt: skip
        print(_("API client {name} created ({role}; {scopes}). Its key, shown only this once:").format(
            name=made.client.name, role=made.client.role.label,
            scopes=", ".join(made.client.scopes)))  # fmt: skip
        print(made.key)
    elif args.action == "revoke":
        gone = revoke_client(store, args.name, actor=_operator(args))
        print(_("The key of {name} is revoked: its next call is refused.").format(name=gone.name))
    else:
        for client in api_clients(store, actor=_operator(args)):
            state = _("revoked") if client.revoked_at else _("active")
            print(
                f"{client.name}\t{client.key_hint}…\t{client.role}\t{'|'.join(client.scopes)}\t{state}"
            )


def cmd_webhooks(args: argparse.Namespace) -> None:
    import time

    from consultations.api_clients.webhooks import deliver_due

    store = _store()
    while True:
        counts = deliver_due(store, actor=_operator(args))
        if any(counts.values()):
            print(_("Webhooks: {delivered} delivered, {retry} to retry, {failed} given up, "
                    "{skipped} skipped.").format(**counts), flush=True)  # fmt: skip
        if args.once:
            return
        time.sleep(args.every)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python cli.py", description=_("Clearway command line"))
    root.add_argument("--lang", choices=["vi", "en"], default="vi", help=_("language of messages"))
    sub = root.add_subparsers(dest="command", required=True)

    def add(
        name: str, handler: Callable[[argparse.Namespace], None], help_text: str
    ) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(handler=handler)
        return command

    add("init-db", cmd_init_db, _("create or upgrade the database schema"))
    work = add("worker", cmd_worker, _("do the long work the app queues (imports), until stopped"))
    work.add_argument("--once", action="store_true", help=_("stop when no job is waiting"))
    work.add_argument(
        "--poll", type=float, default=1.0, help=_("seconds between looks at the queue")
    )
    demo = add("load-demo", cmd_load_demo, _("load the demo projects"))
    demo.add_argument(
        "--if-empty", action="store_true", help=_("only when there is no project yet")
    )
    new = add(
        "new-project", cmd_new_project, _("create a project of your own (then import its layers)")
    )
    new.add_argument("--slug", required=True, help=_("short name: small letters, digits, hyphens"))
    new.add_argument("--name", required=True, help=_("the project's full name"))
    new.add_argument("--kind", required=True, choices=[k.value for k in ProjectKind])
    new.add_argument("--province", required=True, help=_("province or city (since 2025)"))
    new.add_argument(
        "--commune", action="append", required=True, help=_("a commune it crosses, repeatable")
    )
    new.add_argument("--crs", type=int, help=_("EPSG code; default: the province's VN-2000 zone"))
    new.add_argument("--voltage-kv", type=typed_number, help=_("power line: voltage"))
    new.add_argument(
        "--conductor-half-spread-m",
        type=typed_number,
        help=_("power line: centre to outermost conductor"),
    )
    new.add_argument(
        "--tower-side-m", type=typed_number, help=_("power line: tower foundation side")
    )
    new.add_argument("--corridor-width-m", type=typed_number,
                     help=_("road or park: full width of a recovery strip given as a centreline"))  # fmt: skip
    new.add_argument("--authority", help=_("who issues the recovery decisions"))
    new.add_argument("--cutoff", type=_date, help=_("inventory cut-off date YYYY-MM-DD"))
    new.add_argument("--actor", default=None, help=_("who creates it (for the audit log)"))
    folder = add("load-project", cmd_load_project,
                 _("create a project from a folder described by project.toml, all or nothing"))  # fmt: skip
    folder.add_argument("folder", help=_("the folder (see docs/project-folder.md)"))
    folder.add_argument("--actor", default=None, help=_("who loads it (for the audit log)"))
    status = add("status", cmd_status, _("a project's headline figures"))
    status.add_argument("--project", required=True, help=_("project short name (slug)"))
    status.add_argument("--as-of", type=_date, help=_("date YYYY-MM-DD; default today"))
    status.add_argument("--json", action="store_true", help=_("print one JSON object"))
    out = add("backup", cmd_backup, _("write a consistent backup of every record"))
    out.add_argument("--out", required=True, help=_("backup file to write (.zip)"))
    back = add("restore", cmd_restore, _("replace every record with a backup's"))
    back.add_argument("file", help=_("backup file made by `backup`"))

    layer = add("import", cmd_import, _("import a layer into a project and recompute the overlay"))
    layer.add_argument(
        "file", help=_("shapefile (.zip/.shp), GeoPackage, GeoJSON, KML/KMZ, DXF, CSV")
    )
    layer.add_argument("--project", required=True, help=_("project short name (slug)"))
    layer.add_argument("--kind", required=True, choices=[k.value for k in LayerKind])
    layer.add_argument("--layer", help=_("layer name inside a GeoPackage or zip"))
    layer.add_argument("--crs", type=int, help=_("EPSG code when the file has no CRS, e.g. 9208"))
    layer.add_argument(
        "--encoding", choices=list(ENCODINGS), help=_("text encoding; default: detect")
    )
    layer.add_argument(
        "--map", action="append", metavar="FIELD=COLUMN", help=_("field mapping, repeatable")
    )
    layer.add_argument(
        "--commune", action="append", metavar="OLD=TODAY",
        help=_("today's commune for the parcels of an old commune split in 2025, repeatable"),
    )  # fmt: skip
    layer.add_argument(
        "--width-m", type=typed_number, help=_("road width when a centreline is given")
    )
    layer.add_argument(
        "--tower-side-m", type=typed_number, help=_("foundation side for tower points")
    )
    layer.add_argument(
        "--dry-run",
        action="store_true",
        help=_("check the layer and say what saving it would change; save nothing"),
    )
    layer.add_argument(
        "--replace",
        action="store_true",
        help=_("go ahead although the layer retires many parcels or takes households off the list"),
    )
    layer.add_argument("--actor", default=None, help=_("who is importing (for the audit log)"))

    aff = add("affected", cmd_affected, _("affected parcels and areas from files (nothing stored)"))
    aff.add_argument("--parcels", required=True, help=_("parcel layer"))
    aff.add_argument("--corridor", required=True, help=_("centreline (lines) or corridor polygons"))
    width = aff.add_mutually_exclusive_group(required=True)
    width.add_argument("--half-width-m", type=typed_number, help=_("corridor half-width in metres"))
    width.add_argument(
        "--voltage-kv", type=typed_number, help=_("line voltage: safety distance from the table")
    )
    aff.add_argument(
        "--conductor-half-spread-m", type=typed_number, help=_("half the outer-conductor spread")
    )
    aff.add_argument("--towers", help=_("tower points or foundation polygons"))
    aff.add_argument(
        "--tower-side-m", type=typed_number, help=_("foundation side for tower points")
    )
    aff.add_argument("--crs", type=int, help=_("EPSG code for files without a CRS"))
    aff.add_argument(
        "--encoding", choices=list(ENCODINGS), help=_("text encoding; default: detect")
    )
    aff.add_argument("--layer", help=_("layer of the parcels in a GeoPackage, KML or zip"))
    aff.add_argument("--id-field", help=_("parcel identifier column, written first"))
    aff.add_argument("--out", required=True, help=_("OUT.csv or OUT.gpkg"))

    hh = add("import-households", cmd_import_households, _("add households from an XLSX register"))
    hh.add_argument("file", help=_("XLSX with sheets Hộ and Thửa (see data/parcels/README.md)"))
    hh.add_argument("--project", required=True, help=_("project short name (slug)"))
    hh.add_argument("--actor", default=None, help=_("who is importing (for the audit log)"))
    tpl = add(
        "register-template", cmd_register_template,
        _("write an empty household register (XLSX with drop-down lists) to fill in"),
    )  # fmt: skip
    tpl.add_argument("--out", required=True, help=_("FILE.xlsx"))

    emap = add(
        "export-map",
        cmd_export_map,
        _("write the project's map as one HTML file that works offline"),
    )
    emap.add_argument("--project", required=True, help=_("project short name (slug)"))
    emap.add_argument("--audience", required=True, choices=[a.value for a in Audience])
    emap.add_argument("--as-of", type=_date, help=_("date YYYY-MM-DD; default today"))
    emap.add_argument(
        "--names", action="store_true", help=_("show land users' names (public maps)")
    )
    emap.add_argument("--out", required=True, help=_("FILE.html, or FILE.png for printed reports"))
    emap.add_argument("--actor", default=None, help=_("who is exporting (for the audit log)"))

    user = add(
        "create-user",
        cmd_create_user,
        _("add a user (the password is asked, or CLEARWAY_PASSWORD)"),
    )
    user.add_argument("username")
    user.add_argument("--role", required=True, choices=[str(r) for r in Role])
    user.add_argument("--full-name")
    user.add_argument("--scope", action="append",
                      help=_("field officers: PROJECT or PROJECT:COMMUNE, repeatable"))  # fmt: skip
    user.add_argument("--actor", default=None, help=_("who is doing this (for the audit log)"))
    pwd = add("set-password", cmd_set_password, _("set a user's password (also lifts a lockout)"))
    pwd.add_argument("username")
    pwd.add_argument("--actor", default=None, help=_("who is doing this (for the audit log)"))
    add(
        "ensure-admin",
        cmd_ensure_admin,
        _("on a database without users, create the first administrator"),
    )

    add("deliver-outbox", cmd_deliver_outbox,
        _("send the messages that are due by e-mail, SMS and Zalo (run it every minute)"))  # fmt: skip
    consent = add("contact-consent", cmd_contact_consent,
                  _("record an official's consent to get the daily digest by a channel"))  # fmt: skip
    consent.add_argument("--user", required=True, help=_("the official's user name"))
    consent.add_argument("--channel", required=True, choices=["email", "sms", "zalo"])
    consent.add_argument("--address", help=_("e-mail address or phone number"))
    consent.add_argument("--withdraw", action="store_true", help=_("record a withdrawal instead"))
    add("daily-digest", cmd_daily_digest,
        _("write each officer's and chair's list of what falls due, and tell households of their deadlines reached today (run it each morning)"))  # fmt: skip
    rep = add("report", cmd_report, _("the monthly steering-committee report, as XLSX or HTML"))
    rep.add_argument("--project", required=True, help=_("project short name (slug)"))
    rep.add_argument("--month", required=True, help=_("the month, YYYY-MM"))
    rep.add_argument("--out", required=True, help=_("file to write (.xlsx or .html)"))
    rep.add_argument("--backlog-days", type=int, default=BACKLOG_DAYS,
                     help=_("days without progress that put a household on the backlog list"))  # fmt: skip
    rep.add_argument("--actor", default=None, help=_("who is exporting (for the audit log)"))

    exp = add("export", cmd_export, _("parcels as a GeoPackage, registers as XLSX or CSV"))
    exp.add_argument("--project", required=True, help=_("project short name (slug)"))
    exp.add_argument("--format", required=True, choices=list(EXPORT_FORMATS))
    exp.add_argument("--what", choices=list(WHAT),
                     help=_("one register only (xlsx: all by default; csv: households by default)"))  # fmt: skip
    exp.add_argument("--out", required=True, help=_("file to write"))
    exp.add_argument("--actor", default=None, help=_("who is exporting (for the audit log)"))

    hf = add("household-file", cmd_household_file,
             _("one household's file to print (A4), as HTML or DOCX"))  # fmt: skip
    hf.add_argument("--project", required=True, help=_("project short name (slug)"))
    hf.add_argument("--household", required=True, help=_("household code"))
    hf.add_argument("--out", required=True, help=_("FILE.html or FILE.docx"))
    hf.add_argument("--actor", default=None, help=_("who is exporting (for the audit log)"))

    field = add("field-package", cmd_field_package,
                _("a field officer's communes taken offline to QField, and brought back"))  # fmt: skip
    actions = field.add_subparsers(dest="action", required=True)
    out = actions.add_parser("export", help=_("write a user's field package (a zip for QField)"))
    out.add_argument("--project", required=True, help=_("project short name (slug)"))
    out.add_argument("--user", required=True, help=_("the field officer it is for"))
    out.add_argument("--out", required=True, help=_("file to write (.zip)"))
    back = actions.add_parser("import", help=_("import a package brought back from the field"))
    back.add_argument("file", help=_("the returned package (.zip)"))
    back.add_argument("--without-missing-photos", action="store_true",
                      help=_("save even if photos the package names are missing (rows are marked)"))  # fmt: skip
    for sub_command in (out, back):
        sub_command.add_argument("--actor", default=None, help=_("who runs it (for the audit log)"))

    petitions = add(
        "petitions", cmd_petitions, _("the petition register of a body, and its figures")
    )
    kinds = petitions.add_subparsers(dest="action", required=True)
    loads = kinds.add_parser(
        "import", help=_("add a register (XLSX or CSV) to a body's, all or nothing")
    )
    loads.add_argument("file", help=_("the register (.xlsx or UTF-8 .csv)"))
    loads.add_argument("--body", required=True, help=_("the receiving body, e.g. UBND xã Cát Văn"))
    report = kinds.add_parser("report", help=_("the figures a province reports, for a period"))
    report.add_argument("--body", default=None, help=_("one body (default: all)"))
    report.add_argument("--from", dest="start", required=True, type=_date, help=_("first day"))
    report.add_argument("--to", dest="end", required=True, type=_date, help=_("last day"))
    report.add_argument("--json", action="store_true", help=_("one JSON object"))
    report.add_argument("--xlsx", default=None, help=_("also write the figures to this .xlsx file"))
    for sub_command in (loads, report):
        sub_command.add_argument("--actor", default=None, help=_("who runs it (for the audit log)"))

    serve = add("serve-api", cmd_serve_api, _("serve the API for the province's other systems"))
    serve.add_argument("--port", type=int, default=8600, help=_("port to listen on"))
    serve.add_argument("--host", default="127.0.0.1", help=_("address to listen on"))
    layers = add("serve-layers", cmd_serve_layers,
                 _("serve the public layers as OGC API - Features (pygeoapi, PostGIS only)"))  # fmt: skip
    layers.add_argument("--port", type=int, default=5000, help=_("port to listen on"))
    layers.add_argument("--host", default="127.0.0.1", help=_("address to listen on"))
    layers.add_argument("--url", default=None, help=_("the address users reach it at, if another"))
    layers.add_argument("--config-dir", default=None,
                        help=_("where to write pygeoapi's configuration (default: var/pygeoapi)"))  # fmt: skip
    clients = add("api-client", cmd_api_client, _("the API's clients: create, list, revoke"))
    client_actions = clients.add_subparsers(dest="action", required=True)
    create = client_actions.add_parser("create", help=_("a new client; its key is printed once"))
    create.add_argument("--name", required=True, help=_("the client's name, e.g. lgsp"))
    create.add_argument("--scope", required=True,
                        help=_("what it may do: read:figures|read:households|write:consent"))  # fmt: skip
    create.add_argument("--role", choices=["viewer", "chair", "field_officer"], default=None,
                        help=_("the role whose rules it keeps (default: the least its scopes need)"))  # fmt: skip
    create.add_argument("--project", action="append",
                        help=_("a project (SLUG) or a commune of it (SLUG:COMMUNE) it works in"))  # fmt: skip
    revoke = client_actions.add_parser("revoke", help=_("refuse a client's key from now on"))
    revoke.add_argument("name", help=_("the client's name"))
    listing = client_actions.add_parser("list", help=_("the clients and their scopes"))
    for sub_command in (create, revoke, listing):
        sub_command.add_argument("--actor", default=None, help=_("who runs it (for the audit log)"))

    hooks = add("deliver-webhooks", cmd_webhooks,
                _("send the changes to the API clients' webhooks, retrying failures"))  # fmt: skip
    hooks.add_argument("--once", action="store_true", help=_("one round, then stop"))
    hooks.add_argument("--every", type=float, default=5.0, help=_("seconds between rounds"))
    hooks.add_argument("--actor", default=None, help=_("who runs it (for the audit log)"))

    money = add(
        "compensation", cmd_compensation, _("price tables and households' calculation sheets")
    )
    steps = money.add_subparsers(dest="action", required=True)
    prices = steps.add_parser(
        "import-prices", help=_("import a price table (XLSX or CSV) as a new version")
    )
    prices.add_argument("file", help=_("the table: columns Mã, Tên, Đơn vị, Đơn giá"))
    prices.add_argument("--province", required=True, help=_("the province whose table it is"))
    prices.add_argument("--kind", required=True, choices=[str(k) for k in TableKind],
                        help=_("land, structure or crop"))  # fmt: skip
    prices.add_argument("--decision", required=True, help=_("the decision that issued it"))
    prices.add_argument(
        "--from", dest="start", required=True, type=_date, help=_("first day in force")
    )
    prices.add_argument("--to", dest="end", default=None, type=_date, help=_("last day in force"))
    prices.add_argument(
        "--source", default=None, help=_("the decision's document (its SHA-256 is kept)")
    )
    prices.add_argument(
        "--dry-run", action="store_true", help=_("say what it changes, save nothing")
    )
    sheet = steps.add_parser("sheet", help=_("a household's calculation sheet, as XLSX or DOCX"))
    sheet.add_argument("--project", required=True, help=_("project slug"))
    sheet.add_argument("--household", required=True, help=_("household code"))
    sheet.add_argument(
        "--plan", type=int, default=None, help=_("plan number (default: the newest approved)")
    )
    sheet.add_argument("--out", required=True, help=_("FILE.xlsx or FILE.docx"))
    pay = steps.add_parser(
        "pay", help=_("record a payment to a household (as the payment form does)")
    )
    pay.add_argument("--project", required=True, help=_("project slug"))
    pay.add_argument("--household", required=True, help=_("household code"))
    pay.add_argument("--amount", required=True, help=_("đồng, as Vietnamese write it: 150.000.000"))
    pay.add_argument(
        "--receipt", required=True, help=_("receipt or voucher number (once per project)")
    )
    pay.add_argument("--paid-on", dest="paid_on", required=True, type=_date, help=_("day paid"))
    pay.add_argument("--method", default=str(Method.TRANSFER), choices=[str(m) for m in Method],
                     help=_("cash, transfer or treasury"))  # fmt: skip
    payments = steps.add_parser(
        "import-payments", help=_("record a list of payments (XLSX or CSV), all or nothing")
    )
    payments.add_argument("file", help=_("the list: columns Mã hộ, Số tiền, Số chứng từ, Ngày chi"))
    payments.add_argument("--project", required=True, help=_("project slug"))
    for sub_command in (prices, sheet, pay, payments):
        sub_command.add_argument("--actor", default=None, help=_("who runs it (for the audit log)"))
    return root


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--lang" in argv:
        set_language(argv[argv.index("--lang") + 1])
    speak_in_argparse()
    args = parser().parse_args(argv)
    try:
        args.handler(args)
    except USER_ERRORS as error:
        print(message_for(error), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
