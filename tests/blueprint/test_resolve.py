"""resolve(): one language, variables filled in, keys turned into names, modules kept or dropped."""

from __future__ import annotations

from datetime import date

import pytest

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.blueprint.resolver import root_title
from notion_setup.errors import UsageError, VariableError
from notion_setup.model import Property, Workspace

from .conftest import STUDIO, STUDIO_PLUS, TODAY


def _studio(**kwargs: object) -> Workspace:
    options: dict[str, object] = {"lang": "en", "client": "Acme", "today": TODAY}
    options.update(kwargs)
    return resolve(load_blueprint(STUDIO), **options)  # type: ignore[arg-type]


def test_texts_come_out_in_the_chosen_language_with_variables_filled_in() -> None:
    ws = _studio(lang="fr", client="Atelier Rose")
    assert ws.title == "Espace Atelier Rose"
    assert ws.body == "Bienvenue, Atelier Rose. Questions : hello@example.com."
    assert ws.database("tasks").title == "Tâches"
    assert ws.templates_page_title == "Modèles"
    assert [m.name for m in ws.modules] == ["Socle", "Facturation"]


def test_formulas_name_properties_in_the_language_and_carry_variable_values() -> None:
    ws = _studio(lang="fr", variables={"vat_rate": "5.5"})
    total = ws.database("invoices").property("total")
    assert total.expression == 'prop("Montant") * (1 + 5.5 / 100)'
    assert ws.database("tasks").property("cost").expression == 'prop("Heures") * 45'


def test_currency_format_follows_the_currency_variable() -> None:
    assert _studio().database("invoices").property("amount").number_format == "euro"
    chf = _studio(variables={"currency": "CHF"})
    assert chf.database("invoices").property("amount").number_format == "franc"


def test_row_values_are_resolved_names_dates_and_row_keys() -> None:
    ws = _studio(lang="fr", variables={"start_date": "2026-02-01"})
    kickoff, report = ws.database("tasks").rows
    assert dict(kickoff.values) == {
        "name": "Appel de lancement",
        "state": "À faire",
        "priority": "Haute",
        "due": "2026-02-01",
        "hours": 10,
        "client": ("acme",),
    }
    assert report.values["due"] == "2026-02-15"  # +2w from start_date
    acme = ws.database("clients").rows[0]
    assert acme.values["tags"] == ("VIP",)
    assert acme.values["since"] == "2026-01-01"  # -1m from start_date


def test_relative_dates_count_from_today_when_start_date_is_today() -> None:
    ws = _studio()
    assert ws.variables["start_date"] == "2026-01-31"
    assert ws.database("invoices").rows[0].values["due"] == "2026-03-02"


def test_a_two_way_relation_puts_its_synced_side_in_the_target_database() -> None:
    ws = _studio(lang="fr")
    source = ws.database("invoices").property("client")
    assert source == Property(
        key="client",
        name="Client",
        type="relation",
        relation_target="clients",
        two_way_name="Factures",
        two_way_key="invoices",
    )
    synced = ws.database("clients").property("invoices")
    assert synced == Property(
        key="invoices",
        name="Factures",
        type="relation",
        relation_target="invoices",
        two_way_name=None,
        two_way_key="client",
    )
    assert ws.database("clients").properties[-1] is synced


def test_filters_use_option_names_and_iso_dates() -> None:
    ws = _studio(lang="fr")
    board = next(v for v in ws.database("tasks").views if v.key == "board")
    assert board.filter == {
        "and": [
            {"property": "priority", "select": {"equals": "Haute"}},
            {"property": "state", "status": {"does_not_equal": "Terminé"}},
        ]
    }
    home = ws.pages[0]
    assert home.linked_views[0].view.filter == {
        "property": "due",
        "date": {"on_or_before": "2026-02-07"},
    }


def test_templates_keep_placeholders_that_new_fills_in() -> None:
    ws = _studio()
    invoice = next(t for t in ws.templates if t.key == "invoice")
    assert invoice.title == "Invoice {{month}}"
    assert invoice.body == "Thank you, Acme."
    assert dict(invoice.values) == {"due": "2026-03-02", "paid": False}


def test_without_a_module_drops_what_depends_on_it() -> None:
    ws = _studio(without=("billing",))
    assert [db.key for db in ws.databases] == ["clients", "tasks"]
    clients = ws.database("clients")
    keys = [p.key for p in clients.properties]
    assert "billed" not in keys  # rollup over the invoices relation
    assert "invoices" not in keys  # synced side of invoices.client
    assert clients.views[0].properties == ("name", "email", "tags")
    assert [lv.key for lv in ws.pages[0].linked_views] == ["due_soon"]
    assert [t.key for t in ws.templates] == ["weekly"]
    assert [m.key for m in ws.modules] == ["core"]


def test_only_keeps_required_modules_too() -> None:
    ws = resolve(
        load_blueprint(STUDIO_PLUS), lang="en", client="A", only=("projects",), today=TODAY
    )
    assert [m.key for m in ws.modules] == ["core", "projects"]
    assert ws.database("projects").parent == "home"


def test_extends_merges_by_key_and_drops() -> None:
    ws = resolve(load_blueprint(STUDIO_PLUS), lang="en", client="A", today=TODAY)
    tasks = ws.database("tasks")
    assert [v.key for v in tasks.views] == ["all", "board", "calendar", "timeline", "hours"]
    assert tasks.views[0].name == "Everything"
    assert [o.key for o in tasks.property("priority").options] == ["high", "low", "urgent"]
    assert [p.key for p in ws.pages] == ["home"]
    assert ws.blueprint == "studio_plus"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"variables": {"rate": "5"}}, VariableError, "unknown variable 'rate' (this blueprint "
         "declares: currency, hourly_rate, owner_email, package_hours, start_date, vat_rate)"),
        ({"variables": {"hourly_rate": "lots"}}, VariableError,
         "variable hourly_rate: 'lots' is not a number"),
        ({"variables": {"currency": "JPY"}}, VariableError,
         "variable currency: 'JPY' is not one of EUR, USD, GBP, CHF, CAD"),
        ({"variables": {"client_name": "B"}}, VariableError,
         "client_name is set by --client, not by --var"),
        ({"variables": {"start_date": "soon"}}, VariableError,
         "variable start_date: 'soon' is not a date"),
        ({"lang": "de"}, UsageError, "unknown language 'de'"),
        ({"client": "  "}, UsageError, "the client name is empty"),
        ({"without": ("core",)}, UsageError,
         "module 'core' is required by this blueprint and cannot be dropped"),
        ({"only": ("shop",)}, UsageError,
         "no module 'shop' in this blueprint (modules: core, billing)"),
        ({"only": ("billing",), "without": ("billing",)}, UsageError,
         "use --only or --without, not both"),
    ],
)  # fmt: skip
def test_bad_arguments_are_clear_errors(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        _studio(**kwargs)
    assert caught.value.message == message  # type: ignore[attr-defined]


def test_a_variable_without_default_must_be_given(tmp_path: object) -> None:
    bp = load_blueprint(STUDIO)
    doc = dict(bp.document)
    variables = dict(doc["variables"])
    variables["hourly_rate"] = {k: v for k, v in variables["hourly_rate"].items() if k != "default"}
    bare = type(bp)(id=bp.id, source=bp.source, document={**doc, "variables": variables})
    with pytest.raises(VariableError) as caught:
        resolve(bare, lang="en", client="A", today=date(2026, 1, 1))
    assert str(caught.value) == (
        "missing value for the variable hourly_rate, which has no default\n"
        "  fix: pass --var hourly_rate=... or put them in --vars-file"
    )


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", ["av", "obm"])
def test_root_title_is_the_title_resolve_gives(name: str, lang: str) -> None:
    bp = load_blueprint(name)
    for client in ("Acme", "  Cabinet Dupont "):
        assert (
            root_title(bp, lang=lang, client=client) == resolve(bp, lang=lang, client=client).title
        )


def test_root_title_refuses_what_resolve_refuses() -> None:
    bp = load_blueprint("av")
    with pytest.raises(UsageError):
        root_title(bp, lang="de", client="Acme")
    with pytest.raises(UsageError):
        root_title(bp, lang="en", client=" ")
