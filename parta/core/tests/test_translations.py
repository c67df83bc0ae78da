"""Every UI string has a Russian translation, and the extraction tool finds exactly the msgids
Django looks up at run time (parta.core.i18n, `manage.py i18n`)."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from parta.core import i18n
from parta.core.i18n import MessageKey

ROOT = Path(settings.BASE_DIR)
CATALOGS = i18n.catalogs(ROOT)


# --- The project's catalogs ------------------------------------------------------------------


@pytest.mark.parametrize("catalog", CATALOGS, ids=[catalog.name for catalog in CATALOGS])
def test_every_ui_string_has_a_russian_translation(catalog):
    problems = i18n.translation_problems(catalog)

    assert not problems, (
        f"{len(problems)} UI string(s) of '{catalog.name}' lack a Russian translation. Run "
        "`make messages`, translate the empty and fuzzy entries, run `make messages` again.\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize("catalog", CATALOGS, ids=[catalog.name for catalog in CATALOGS])
def test_compiled_catalog_matches_its_po_file(catalog):
    problems = i18n.mo_problems(catalog)

    assert not problems, "\n".join(problems)


def test_catalogs_cover_every_app_and_the_project():
    names = {catalog.name for catalog in CATALOGS}

    assert {"core", "accounts", "people", "organizations", i18n.PROJECT_CATALOG} <= names


def test_project_catalog_is_in_locale_paths():
    (project,) = i18n.catalogs(ROOT, i18n.PROJECT_CATALOG)

    assert project.locale_dir in [Path(path) for path in settings.LOCALE_PATHS]


# --- Extraction from Python ------------------------------------------------------------------

PYTHON_SOURCE = """
from django.utils import translation
from django.utils.translation import gettext as _, gettext_lazy, ngettext, npgettext, pgettext

TITLE = gettext_lazy("Classes")
# Translators: the button that saves a form
SAVE = _("Save")
LONG = _("First part, " "second part")
MENU = pgettext("navigation", "Menu")
COUNT = ngettext("%(count)s student", "%(count)s students", 3)
ROOMS = npgettext("building", "%(count)s room", "%(count)s rooms", 2)
OTHER = translation.gettext_noop("Noop")
label = "dynamic"
IGNORED = _(label)
"""


def test_python_extraction_reads_every_keyword():
    found = i18n.extract_python(PYTHON_SOURCE, "app/module.py")

    keys = {(item.key, item.msgid_plural) for item in found}
    assert keys == {
        (MessageKey("Classes"), None),
        (MessageKey("Save"), None),
        (MessageKey("First part, second part"), None),
        (MessageKey("Menu", "navigation"), None),
        (MessageKey("%(count)s student"), "%(count)s students"),
        (MessageKey("%(count)s room", "building"), "%(count)s rooms"),
        (MessageKey("Noop"), None),
    }


def test_python_extraction_keeps_translator_comments():
    found = {item.key.msgid: item for item in i18n.extract_python(PYTHON_SOURCE, "m.py")}

    assert found["Save"].comments == ["Translators: the button that saves a form"]
    assert found["Classes"].comments == []


# --- Extraction from templates matches Django's run-time lookups -----------------------------

TEMPLATE = """{% load i18n %}
<h1>{% translate "Hello" %}</h1>
<a title="{% translate 'Menu' context 'navigation' %}">{% translate "100% sure" %}</a>
{% translate "Saved" as saved %}{{ saved }}
{% blocktranslate with name=user %}Hello, {{ name }}!{% endblocktranslate %}
{% blocktranslate count counter=items|length %}{{ counter }} item{% plural %}{{ counter }} items{% endblocktranslate %}
{% blocktranslate trimmed context "greeting" %}
  Good
  morning, {{ user }}
{% endblocktranslate %}
{% blocktranslate %}Save 50% now{% endblocktranslate %}
{{ _("inline") }}
"""


def test_template_extraction_matches_runtime_lookups(monkeypatch):
    # given a recorder of every msgid the template engine looks up while rendering
    looked_up: set[tuple[MessageKey, str | None]] = set()

    def record(msgctxt, msgid, plural=None):
        looked_up.add((MessageKey(str(msgid), msgctxt or ""), plural))

    from django.template import base
    from django.utils import translation

    def gettext_lazy(msgid):
        record("", msgid)
        return msgid

    def pgettext_lazy(context, msgid):
        record(context, msgid)
        return msgid

    def ngettext(singular, plural, number):
        record("", singular, plural)
        return singular if number == 1 else plural

    def npgettext(context, singular, plural, number):
        record(context, singular, plural)
        return singular if number == 1 else plural

    def plain_gettext(msgid):
        record("", msgid)
        return msgid

    def plain_pgettext(context, msgid):
        record(context, msgid)
        return msgid

    monkeypatch.setattr(base, "gettext_lazy", gettext_lazy)
    monkeypatch.setattr(base, "pgettext_lazy", pgettext_lazy)
    monkeypatch.setattr(translation, "gettext", plain_gettext)
    monkeypatch.setattr(translation, "pgettext", plain_pgettext)
    monkeypatch.setattr(translation, "ngettext", ngettext)
    monkeypatch.setattr(translation, "npgettext", npgettext)

    # when the template is rendered and, separately, extracted
    Template(TEMPLATE).render(Context({"user": "Аня", "items": [1, 2]}))
    extracted = {
        (item.key, item.msgid_plural) for item in i18n.extract_template(TEMPLATE, "t.html")
    }

    # then both see the same msgids
    assert extracted == looked_up
    assert (MessageKey("Hello, %(name)s!"), None) in extracted
    assert (MessageKey("%(counter)s item"), "%(counter)s items") in extracted
    assert (MessageKey("Good morning, %(user)s", "greeting"), None) in extracted
    assert (MessageKey("100%% sure"), None) in extracted


def test_template_extraction_keeps_translator_comments():
    source = '{% load i18n %}\n{# Translators: page title #}\n{% translate "Rooms" %}\n'

    (found,) = i18n.extract_template(source, "t.html")

    assert found.key == MessageKey("Rooms")
    assert found.comments == ["Translators: page title"]


# --- Catalog files: extract, compile, check --------------------------------------------------


@pytest.fixture
def app_catalog(tmp_path):
    """A throwaway app `sample` with one module and one template."""
    app = tmp_path / "parta" / "sample"
    (app / "templates" / "sample").mkdir(parents=True)
    (app / "apps.py").write_text("")
    (app / "views.py").write_text(
        "from django.utils.translation import gettext as _, ngettext\n"
        "A = _('Rooms')\n"
        "B = _('Delete the room %(number)s?')\n"
        "C = ngettext('%(count)s room', '%(count)s rooms', 2)\n"
    )
    (app / "templates" / "sample" / "page.html").write_text(
        '{% load i18n %}{% translate "Rooms" %}{% translate "Add" %}'
    )
    (catalog,) = i18n.catalogs(tmp_path, "sample")
    return catalog


def _translate_all(catalog):
    import polib

    po = polib.pofile(str(catalog.po_path))
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {
                0: "%(count)s кабинет",
                1: "%(count)s кабинета",
                2: "%(count)s кабинетов",
            }
        elif entry.msgid == "Delete the room %(number)s?":
            entry.msgstr = "Удалить кабинет %(number)s?"
        else:
            entry.msgstr = {"Rooms": "Кабинеты", "Add": "Добавить"}.get(entry.msgid, "?")
    po.save()


def _write_views(catalog, body):
    (catalog.root / "parta" / "sample" / "views.py").write_text(
        "from django.utils.translation import gettext as _, ngettext\n" + body
    )


def test_extract_creates_a_russian_catalog(app_catalog):
    result = i18n.update_po(app_catalog, i18n.extract_catalog(app_catalog))

    text = app_catalog.po_path.read_text(encoding="utf-8")
    assert result.written
    assert len(result.added) == 4
    assert "Plural-Forms: " + i18n.PLURAL_FORMS in text
    assert "Language: ru" in text
    assert "#: parta/sample/templates/sample/page.html parta/sample/views.py" in text
    assert "#, python-format" in text
    assert i18n.translation_problems(app_catalog)


def test_extract_is_idempotent(app_catalog):
    i18n.update_po(app_catalog, i18n.extract_catalog(app_catalog))
    first = app_catalog.po_path.read_text(encoding="utf-8")

    result = i18n.update_po(app_catalog, i18n.extract_catalog(app_catalog))

    assert not result.written
    assert app_catalog.po_path.read_text(encoding="utf-8") == first


def test_extract_keeps_translations_and_obsoletes_removed_strings(app_catalog):
    import polib

    # given a fully translated catalog
    i18n.update_po(app_catalog, i18n.extract_catalog(app_catalog))
    _translate_all(app_catalog)

    # when one string changes slightly and another is removed
    _write_views(app_catalog, "A = _('Rooms')\nB = _('Delete the room %(number)s now?')\n")
    result = i18n.update_po(app_catalog, i18n.extract_catalog(app_catalog))

    # then the changed string is proposed from the old translation, marked fuzzy,
    # and the removed ones are kept as obsolete
    po_entries = {entry.msgid: entry for entry in polib.pofile(str(app_catalog.po_path))}
    changed = po_entries["Delete the room %(number)s now?"]
    assert changed.msgstr == "Удалить кабинет %(number)s?"
    assert changed.fuzzy
    assert po_entries["Rooms"].msgstr == "Кабинеты"
    assert po_entries["%(count)s room"].obsolete
    assert MessageKey("%(count)s room") in result.obsoleted
    problems = i18n.translation_problems(app_catalog)
    assert problems == [
        "parta/sample/locale/ru/LC_MESSAGES/django.po: 'Delete the room %(number)s now?' "
        "is fuzzy (review the translation)"
    ]


def test_compiled_catalog_works_with_django_plural_rules(app_catalog):
    i18n.update_po(app_catalog, i18n.extract_catalog(app_catalog))
    _translate_all(app_catalog)

    assert i18n.compile_po(app_catalog)
    assert not i18n.compile_po(app_catalog)  # unchanged the second time

    translations = gettext.GNUTranslations(io.BytesIO(app_catalog.mo_path.read_bytes()))
    forms = {
        n: translations.ngettext("%(count)s room", "%(count)s rooms", n)
        for n in (1, 3, 5, 11, 21, 22, 25)
    }
    assert forms == {
        1: "%(count)s кабинет",
        3: "%(count)s кабинета",
        5: "%(count)s кабинетов",
        11: "%(count)s кабинетов",
        21: "%(count)s кабинет",
        22: "%(count)s кабинета",
        25: "%(count)s кабинетов",
    }
    assert translations.gettext("Rooms") == "Кабинеты"
    assert not i18n.check_catalog(app_catalog)


def test_check_reports_each_kind_of_problem(app_catalog):
    import polib

    i18n.update_po(app_catalog, i18n.extract_catalog(app_catalog))
    _translate_all(app_catalog)
    i18n.compile_po(app_catalog)
    po = polib.pofile(str(app_catalog.po_path))
    for entry in po:
        if entry.msgid == "Add":
            entry.msgstr = ""
        elif entry.msgid == "Delete the room %(number)s?":
            entry.msgstr = "Удалить кабинет %(nomer)s?"
        elif entry.msgid_plural:
            entry.msgstr_plural[2] = ""
    po.save()

    problems = i18n.check_catalog(app_catalog)

    po_name = "parta/sample/locale/ru/LC_MESSAGES/django.po"
    assert problems == [
        f"{po_name}: '%(count)s room' lacks plural form(s) 2",
        f"{po_name}: 'Add' has no Russian translation",
        f"{po_name}: 'Delete the room %(number)s?': placeholders differ from the msgid: "
        "['nomer'] vs ['number'] in 'Удалить кабинет %(nomer)s?'",
        "parta/sample/locale/ru/LC_MESSAGES/django.mo: out of date with its .po "
        "(run `make messages`)",
    ]


def test_check_reports_strings_missing_from_the_catalog(app_catalog):
    i18n.update_po(app_catalog, i18n.extract_catalog(app_catalog))
    _translate_all(app_catalog)
    _write_views(app_catalog, "A = _('Rooms')\nD = _('Buildings')\n")

    problems = i18n.translation_problems(app_catalog)

    assert problems == [
        "parta/sample/locale/ru/LC_MESSAGES/django.po: 'Buildings' from "
        "parta/sample/views.py is not in the catalog (run `make messages`)"
    ]


def test_no_msgid_is_translated_two_ways() -> None:
    # Django merges the apps' catalogs and the app listed first in INSTALLED_APPS wins, so a
    # msgid translated differently by a later app would silently show the first app's words:
    # the same msgid must read the same everywhere (a different meaning needs a context).
    import polib

    seen: dict[tuple[str | None, str], tuple[str, str]] = {}
    conflicts = []
    for catalog in CATALOGS:
        if not catalog.po_path.exists():
            continue
        for entry in polib.pofile(str(catalog.po_path)):
            if entry.obsolete or entry.msgid_plural:
                continue
            key = (entry.msgctxt, entry.msgid)
            first = seen.setdefault(key, (catalog.name, entry.msgstr))
            if first[1] != entry.msgstr:
                conflicts.append(
                    f"{entry.msgid!r}: {first[0]} {first[1]!r}, {catalog.name} {entry.msgstr!r}"
                )
    assert not conflicts, "\n".join(conflicts)
