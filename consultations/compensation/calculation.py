"""A household's plan lines from its inventory, the price tables and the project's terms: pure.

Each line is quantity × unit price × coefficient = amount, with its reason in words: the table
version and item it priced from, or the support rule and its legal source. Land recovered takes
the province's coefficient K; land kept under a power line takes the corridor's share of that;
structures and crops their table's price. Support follows ``support_rules.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from consultations.compensation.model import (
    FARMLAND,
    RESIDENTIAL,
    HouseholdFacts,
    InventoryLine,
    LineKind,
    PlanLine,
    Section,
    TableKind,
    Terms,
    land_type,
    rule,
)
from consultations.compensation.money import amount, plain, vnd
from consultations.core.errors import InvalidRecord
from translations import _

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PriceItem:
    table_id: int
    kind: TableKind
    code: str
    name: str
    unit: str
    unit_price_vnd: int
    decision: str


def number(value: Decimal) -> str:
    """A quantity as Vietnamese write it: 68,5."""
    return plain(value).replace(".", ",")


def _priced(line: InventoryLine, prices: dict[tuple[TableKind, str], PriceItem]) -> PriceItem:
    item = prices.get((line.kind.table, line.item_code))
    if item is None:
        raise InvalidRecord(
            _("Item “{code}” is not in the {kind} price table the plan uses: correct the inventory "
              "line or import a table that has it.").format(code=line.item_code, kind=line.kind.table.label)
        )  # fmt: skip
    return item


def _line(line: InventoryLine, item: PriceItem, coefficient: Decimal, why: str) -> PlanLine:
    total = amount(line.quantity, item.unit_price_vnd, coefficient)
    reason = _("{q} {unit} × {price} × {k} = {total} · {why}").format(
        q=number(line.quantity), unit=item.unit, price=vnd(item.unit_price_vnd), k=number(coefficient),
        total=vnd(total), why=why)  # fmt: skip
    section = (
        Section.LAND
        if line.kind in (LineKind.LAND, LineKind.CORRIDOR)
        else Section(line.kind.value)
    )
    label = f"{item.name}" + (f" · {line.description}" if line.description else "")
    return PlanLine(line.household_id, section, label, line.quantity, item.unit, item.unit_price_vnd,
                    coefficient, total, reason)  # fmt: skip


def _source(item: PriceItem) -> str:
    return _("price table {decision}, item {code}").format(decision=item.decision, code=item.code)


def compensation_lines(
    lines: list[InventoryLine], prices: dict[tuple[TableKind, str], PriceItem], terms: Terms,
    communes: dict[int, str] | None = None,
) -> list[PlanLine]:  # fmt: skip
    """``communes``: each land line's parcel's commune, for a coefficient K set per commune."""
    out = []
    for line in lines:
        item = _priced(line, prices)
        commune = (communes or {}).get(line.parcel_id or 0)
        k = terms.k_for(commune)
        if line.kind is LineKind.LAND:
            why = (_("{source}; coefficient K for {commune} by {decision}") if commune in dict(terms.by_commune)
                   else _("{source}; coefficient K by {decision}")).format(
                source=_source(item), commune=commune, decision=terms.coefficient_decision)  # fmt: skip
            out.append(_line(line, item, k, why))
        elif line.kind is LineKind.CORRIDOR:
            which = (
                "residential_share_percent"
                if land_type(line.item_code) in RESIDENTIAL
                else "other_share_percent"
            )
            share = rule("corridor", which)
            why = _("{source}; K {k} × {share} of the land price for restricted use ({law})").format(
                source=_source(item), k=number(k), share=f"{number(share.value)} %", law=share.source)  # fmt: skip
            out.append(_line(line, item, k * share.value / HUNDRED, why))
        else:
            out.append(_line(line, item, Decimal(1), _source(item)))
    return out


def stabilisation_months(share_percent: Decimal, relocating: bool) -> int:
    """Months of life-stabilisation support for the share of farmland recovered (0: none)."""
    lower = rule("life_stabilisation", "lower_share_percent").value
    upper = rule("life_stabilisation", "upper_share_percent").value
    moving = "relocating" if relocating else "staying"
    if share_percent > upper:
        return int(rule("life_stabilisation", f"months_upper_{moving}").value)
    if share_percent >= lower:
        return int(rule("life_stabilisation", f"months_lower_{moving}").value)
    return 0


def support_lines(
    household_id: int, lines: list[InventoryLine], facts: HouseholdFacts | None,
    prices: dict[tuple[TableKind, str], PriceItem], terms: Terms,
) -> list[PlanLine]:  # fmt: skip
    farmland = [
        entry
        for entry in lines
        if entry.kind is LineKind.LAND and land_type(entry.item_code) in FARMLAND
    ]
    out = []
    job = rule("job_support", "max_multiple")
    for line in farmland:  # job-change support: the farmland recovered × its price × the multiple
        item = _priced(line, prices)
        total = amount(line.quantity, item.unit_price_vnd, terms.job_support_multiple)
        out.append(PlanLine(household_id, Section.SUPPORT, _("Support for job change and finding work"),
                            line.quantity, item.unit, item.unit_price_vnd, terms.job_support_multiple, total,
                            _("{q} m² × {price} × {k} = {total} · {source}; multiple by {decision} ({law})").format(
                                q=number(line.quantity), price=vnd(item.unit_price_vnd),
                                k=number(terms.job_support_multiple), total=vnd(total), source=_source(item),
                                decision=terms.terms_decision, law=job.source)))  # fmt: skip
    if facts is not None and facts.relocating and terms.relocation_support_vnd:
        moving = rule("relocation", "per_household")
        out.append(PlanLine(household_id, Section.SUPPORT, _("Support for moving house"), Decimal(1),
                            _("household"), terms.relocation_support_vnd, Decimal(1), terms.relocation_support_vnd,
                            _("1 household × {amount} · amount by {decision} ({law})").format(
                                amount=vnd(terms.relocation_support_vnd), decision=terms.terms_decision,
                                law=moving.source)))  # fmt: skip
    if facts is None or facts.farmland_m2 <= 0 or not farmland:
        return out
    share = sum((entry.quantity for entry in farmland), Decimal(0)) / facts.farmland_m2 * HUNDRED
    months = stabilisation_months(share, facts.relocating)
    band = (
        "upper_share_percent"
        if share > rule("life_stabilisation", "upper_share_percent").value
        else "lower_share_percent"
    )
    if months and facts.farming_members:
        rice = rule("life_stabilisation", "rice_kg_per_person_month")
        people_months = Decimal(facts.farming_members * months) * rice.value
        total = amount(people_months, terms.rice_price_vnd)
        out.append(PlanLine(household_id, Section.SUPPORT, _("Support to stabilise life"), people_months,
                            "kg", terms.rice_price_vnd, Decimal(1), total,
                            _("{people} people × {months} months × {kg} kg of rice × {price} = {total} · "
                              "{share} of the farmland in use recovered; rice price by {decision} ({law})").format(
                                people=facts.farming_members, months=months, kg=number(rice.value),
                                price=vnd(terms.rice_price_vnd), total=vnd(total),
                                share=f"{number(share.quantize(Decimal('0.01')))} %", decision=terms.terms_decision,
                                law=rule("life_stabilisation", band).source)))  # fmt: skip
    return out


def household_lines(
    household_id: int, lines: list[InventoryLine], facts: HouseholdFacts | None,
    prices: dict[tuple[TableKind, str], PriceItem], terms: Terms, communes: dict[int, str] | None = None,
) -> list[PlanLine]:  # fmt: skip
    """Every line of one household's sheet: compensation, then support."""
    return compensation_lines(lines, prices, terms, communes) + support_lines(
        household_id, lines, facts, prices, terms
    )
