"""`manage.py i18n extract|compile|check [--app APP]`: the translation catalogs without GNU
gettext. See parta.core.i18n and docs/development.md ("Translations")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from parta.core import i18n


class Command(BaseCommand):
    help = (
        "Translation catalogs: 'extract' updates the Russian .po files from the code and "
        "templates, 'compile' writes the .mo files, 'check' fails on any UI string without a "
        "Russian translation and on .mo files out of date."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["extract", "compile", "check"])
        parser.add_argument(
            "--app",
            help=f"Only this catalog: an app label under parta/, or '{i18n.PROJECT_CATALOG}' "
            "for parta/templates, config/ and the modules directly in parta/.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(settings.BASE_DIR)
        try:
            catalogs = i18n.catalogs(root, options["app"])
            if options["action"] == "extract":
                self._extract(catalogs)
            elif options["action"] == "compile":
                self._compile(catalogs)
            else:
                self._check(catalogs)
        except i18n.CatalogError as exc:
            raise CommandError(str(exc)) from exc
        except ImportError as exc:
            raise CommandError(
                f"{exc}. The i18n command needs the development dependencies "
                "(make install-dev, or pip install -r requirements/dev.txt)."
            ) from exc

    def _extract(self, catalogs: list[i18n.Catalog]) -> None:
        for catalog in catalogs:
            result = i18n.update_po(catalog, i18n.extract_catalog(catalog))
            if not result.total and not result.written and not catalog.po_path.exists():
                continue
            details = []
            if result.added:
                details.append(f"{len(result.added)} new")
            if result.fuzzy:
                details.append(f"{len(result.fuzzy)} fuzzy")
            if result.obsoleted:
                details.append(f"{len(result.obsoleted)} no longer used")
            state = "updated" if result.written else "unchanged"
            suffix = f" ({', '.join(details)})" if details else ""
            self.stdout.write(
                f"{catalog.name}: {result.total} messages, {state}{suffix} "
                f"-> {catalog.po_path.relative_to(catalog.root)}"
            )

    def _compile(self, catalogs: list[i18n.Catalog]) -> None:
        for catalog in catalogs:
            if not catalog.po_path.exists():
                continue
            changed = i18n.compile_po(catalog)
            state = "compiled" if changed else "up to date"
            self.stdout.write(
                f"{catalog.name}: {state} -> {catalog.mo_path.relative_to(catalog.root)}"
            )

    def _check(self, catalogs: list[i18n.Catalog]) -> None:
        problems = i18n.check_all(catalogs)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{len(problems)} translation problem(s). Run `make messages`, translate the "
                "empty and fuzzy entries in the .po files, then `make messages` again."
            )
        self.stdout.write(self.style.SUCCESS("Every UI string has a Russian translation."))
