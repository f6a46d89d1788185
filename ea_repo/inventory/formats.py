"""The inventory formats as tables, light enough for the command line's option parsing: the import modes and
the export formats (format -> rdflib serializer name, or a writer imported when used)."""

from __future__ import annotations

IMPORT_MODES = ("replace", "merge")


def _via_interop(fmt: str):
    def export(g, kommune: str):
        from ..interop import EXPORTERS

        return EXPORTERS[fmt](g, kommune)

    return export


def _tabular(fmt: str):
    def export(g, kommune: str, lang: str = "en"):
        from . import export as tabular

        return {"xlsx": tabular.export_xlsx, "csv": tabular.export_csv}[fmt](g, kommune, lang)

    return export


# format -> rdflib serializer name, or a writer (graph, kommune) -> text, {file name: text} (archi-csv) or an
# export.Exported (xlsx, csv: the import format, with the facts it has no column for)
EXPORT_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt",
                  **{f: _via_interop(f) for f in ("archimate", "archi-csv", "dcat")},
                  **{f: _tabular(f) for f in ("xlsx", "csv")}}
# formats that write several files or binary data: --out is required
MULTI_FILE_FORMATS = ("archi-csv", "csv", "xlsx")
