"""Documents: the requirement annex for a tender (XLSX, HTML), the vendor comparison (HTML, JSON, CSV) and
the vendor template (XLSX). Pure functions: data in, bytes or text out; the CLI writes the files."""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import __version__, catalog, paths
from ..inventory.cells import csv_writer, xlsx_append
from .evaluate import OBLIGATION_TEXT, STATUS_TEXT, Evaluation, as_dict, condition_text, rank
from .profiles import Profile
from .spec import FIELDS, LIST_COLUMNS, SCALARS

TEXTS = {
    "nb": {
        "annex_title": "Kravspesifikasjon – {label}",
        "compare_title": "Sammenligning av tilbud – {label}",
        "annex_help": "MÅ-krav er avvisningsgrunner; BØR-krav gir poeng etter vekten. Rettslig grunnlag og kilde "
        "kommer fra ea-repo-katalogen.",
        "annex_columns": ["Id", "Krav", "MÅ/BØR", "Vekt", "Rettslig grunnlag", "Kilde"],
        "raised": "hevet til MÅ av kommunen",
        "generated": "laget",
        "catalog": "katalog",
        "ranking": "Rangering",
        "product": "Produkt",
        "vendor": "Leverandør",
        "verdict": "Utfall",
        "score": "Poeng",
        "must_gaps": "MÅ-mangler",
        "should_gaps": "BØR-mangler",
        "per_requirement": "Krav for krav",
        "requirement": "Krav",
        "obligation": "MÅ/BØR",
        "weight": "Vekt",
    },
    "en": {
        "annex_title": "Requirement specification – {label}",
        "compare_title": "Tender comparison – {label}",
        "annex_help": "MUST requirements are grounds for rejection; SHOULD requirements score by weight. Legal basis "
        "and source come from the ea-repo catalogue.",
        "annex_columns": ["Id", "Requirement", "MUST/SHOULD", "Weight", "Legal basis", "Source"],
        "raised": "raised to MUST by the kommune",
        "generated": "generated",
        "catalog": "catalogue",
        "ranking": "Ranking",
        "product": "Product",
        "vendor": "Vendor",
        "verdict": "Verdict",
        "score": "Score",
        "must_gaps": "MUST gaps",
        "should_gaps": "SHOULD gaps",
        "per_requirement": "Requirement by requirement",
        "requirement": "Requirement",
        "obligation": "MUST/SHOULD",
        "weight": "Weight",
    },
}


@cache
def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _css() -> Markup:
    """The report style of ea-repo (reports/report.css), inlined so the page opens offline."""
    css = paths.reports_dir() / "report.css"
    return Markup(
        css.read_text(encoding="utf-8") if css.is_file() else "body{font-family:sans-serif;margin:2rem}"
    )


def _page(template: str, lang: str, title: str, generated_at: str, **kw) -> str:
    return (
        _env()
        .get_template(template)
        .render(
            lang=lang,
            t=TEXTS[lang],
            title=title,
            css=_css(),
            tool_version=__version__,
            generated_at=generated_at,
            catalog_version=catalog.catalog_version(),
            **kw,
        )
    )


# --- annex -----------------------------------------------------------------------------------------------


def annex_rows(profile: Profile, lang: str = "nb") -> list[dict]:
    """One row per requirement: id, text, MUST/SHOULD, weight, legal basis, source (MUST first)."""
    rows = []
    for r in sorted(profile.requirements, key=lambda r: (r.obligation != "MUST", r.id)):
        basis = r.legal_basis or {}
        rows.append(
            {
                "id": r.id,
                "title": r.text("title", lang),
                "text": r.text("description", lang),
                "condition": condition_text(r, lang),
                "obligation": r.obligation,
                "obligation_text": OBLIGATION_TEXT[r.obligation][lang],
                "weight": f"{r.weight:g}",
                "legal_basis": basis.get(lang) or basis.get("nb") or basis.get("en") or "",
                "source": r.source_url or "",
                "requirement": str(r.requirement) if r.requirement is not None else "",
                "level": r.level,
                "raised": r.raised,
            }
        )
    return rows


def annex_html(profile: Profile, lang: str, generated_at: str) -> str:
    label = profile.text("label", lang)
    return _page(
        "annex.html.j2",
        lang,
        TEXTS[lang]["annex_title"].format(label=label),
        generated_at,
        subtitle=f"{profile.id}" + (f" · kommune {profile.kommune}" if profile.kommune else ""),
        profile_description=profile.text("description", lang),
        rows=annex_rows(profile, lang),
    )


def _xlsx_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def annex_xlsx(profile: Profile, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "krav" if lang == "nb" else "requirements"
    cols = [
        "id",
        "title",
        "text",
        "condition",
        "obligation",
        "weight",
        "level",
        "legal_basis",
        "source",
        "requirement",
    ]
    ws.append(cols)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in annex_rows(profile, lang):
        xlsx_append(ws, [row[c] for c in cols])
    for letter, width in zip("ABCDEFGHIJ", (26, 40, 70, 50, 11, 8, 13, 50, 50, 50), strict=True):
        ws.column_dimensions[letter].width = width
    for r in ws.iter_rows(min_row=2):
        for c in r:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    return _xlsx_bytes(wb)


ANNEX_WRITERS = {
    ".html": lambda p, lang, at: annex_html(p, lang, at).encode("utf-8"),
    ".xlsx": lambda p, lang, at: annex_xlsx(p, lang),
}


# --- comparison -----------------------------------------------------------------------------------------


def comparison(evaluations: list[Evaluation], lang: str = "nb") -> dict:
    ranked = rank(evaluations)
    profile = ranked[0].profile
    return {
        "profile": profile.id,
        "profile_label": profile.text("label", lang),
        "ranking": [{"rank": i, **as_dict(e, lang)} for i, e in enumerate(ranked, start=1)],
    }


def compare_json(evaluations, lang: str, generated_at: str) -> str:
    return (
        json.dumps(
            {
                "tool": "ea-repo",
                "version": __version__,
                "generated_at": generated_at,
                "lang": lang,
                **comparison(evaluations, lang),
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def compare_csv(evaluations, lang: str, generated_at: str) -> str:
    """One row per product and requirement, products in rank order (text cells protected against formulas)."""
    buf = io.StringIO()
    w = csv_writer(buf)
    w.writerow(
        [
            "rank",
            "product",
            "vendor",
            "version",
            "verdict",
            "score",
            "requirement",
            "obligation",
            "weight",
            "status",
            "offered",
        ]
    )
    for e in comparison(evaluations, lang)["ranking"]:
        for r in e["requirements"]:
            w.writerow(
                [
                    e["rank"],
                    e["spec"]["product"],
                    e["spec"]["vendor"],
                    e["spec"]["version"],
                    e["verdict"],
                    e["score"],
                    r["id"],
                    r["obligation"],
                    f"{r['weight']:g}",
                    r["status"],
                    "; ".join(r["offered"]),
                ]
            )
    return buf.getvalue()


def compare_html(evaluations, lang: str, generated_at: str) -> str:
    data = comparison(evaluations, lang)
    ranked = data["ranking"]
    matrix = []
    for i, req in enumerate(ranked[0]["requirements"]):
        matrix.append(
            {
                "id": req["id"],
                "title": req["title"],
                "obligation": OBLIGATION_TEXT[req["obligation"]][lang],
                "weight": f"{req['weight']:g}",
                "cells": [
                    {
                        "status": e["requirements"][i]["status"],
                        "text": STATUS_TEXT[e["requirements"][i]["status"]][lang],
                        "offered": ", ".join(e["requirements"][i]["offered"]),
                    }
                    for e in ranked
                ],
            }
        )
    return _page(
        "compare.html.j2",
        lang,
        TEXTS[lang]["compare_title"].format(label=data["profile_label"]),
        generated_at,
        subtitle=data["profile"],
        evaluations=ranked,
        matrix=matrix,
    )


COMPARE_WRITERS = {"html": compare_html, "json": compare_json, "csv": compare_csv}


# --- vendor template ------------------------------------------------------------------------------------

FIELD_HELP = {
    "product": "Produktnavn / product name",
    "vendor": "Leverandør / vendor",
    "version": "Versjon / version",
    "description": "Kort beskrivelse / short description",
    "hosting": "on-premises | iks | vendor-hosted | saas | public-cloud",
    "dataLocation": "norway | eu-eea | outside-eea",
    "browserBased": "true | false",
    "accessibilityStatement": "https://… (tilgjengelighetserklæring / accessibility statement)",
    "archiveFunctions": "true | false (arkivforskrifta § 5)",
    "archiveIntegration": "noark-5; fiks-arkiv; fiks-arkiv-protokoll … (semikolon / semicolon)",
    "exitFormat": "f.eks. «Noark 5 arkivuttrekk; CSV + PDF/A» (semikolon / semicolon)",
}


def template_xlsx(profile: Profile, lang: str = "nb") -> bytes:
    """The workbook a vendor fills in: product (key/value), standards, components, apis, and a read-me sheet
    with the profile's requirements and the allowed ids."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "product"
    ws.append(["key", "value", "help"])
    for key in SCALARS:
        ws.append([key, None, FIELD_HELP.get(key, FIELDS[key].label.get(lang, ""))])
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = (
        24,
        50,
        70,
    )
    for name, cols in LIST_COLUMNS.items():
        sheet = wb.create_sheet(name)
        sheet.append(list(cols))
        for i in range(len(cols)):
            sheet.column_dimensions["ABCD"[i]].width = 30
    ids = wb.create_sheet("_ids")
    ids.append(["standard", "name", "component", "name", "protocol"])
    g = catalog.catalog_graph()
    stds = sorted(catalog.standard_ids().items())
    comps = sorted(catalog.component_ids().items())
    protos = list(catalog.scheme_notations("protocol"))
    for i in range(max(len(stds), len(comps), len(protos))):
        row = []
        row += [stds[i][0], catalog.label(g, stds[i][1], lang)] if i < len(stds) else [None, None]
        row += [comps[i][0], catalog.label(g, comps[i][1], lang)] if i < len(comps) else [None, None]
        row += [protos[i] if i < len(protos) else None]
        ids.append(row)
    for sheet, col, ref in (
        ("components", "A", f"_ids!$C$2:$C${len(comps) + 1}"),
        ("components", "B", f"_ids!$E$2:$E${len(protos) + 1}"),
        ("apis", "B", f"_ids!$E$2:$E${len(protos) + 1}"),
    ):
        dv = DataValidation(type="list", formula1=ref, allow_blank=True)
        wb[sheet].add_data_validation(dv)
        dv.add(f"{col}2:{col}200")
    readme = wb.create_sheet("_readme")
    readme.append([f"ea-repo procure template — profile {profile.id}: {profile.text('label', lang)}"])
    readme["A1"].font = Font(bold=True)
    readme.append(
        [
            "Standards: use the catalogue id, which carries the version (tls-1.2, pdfa-1a); a version the "
            "catalogue does not hold (tls-1.0) is accepted but meets no requirement. Ids: sheet _ids."
        ]
    )
    readme.append([])
    readme.append(["id", "MUST/SHOULD", "weight", "what meets it"])
    for r in profile.requirements:
        readme.append([r.id, r.obligation, r.weight, condition_text(r, lang)])
    readme.column_dimensions["A"].width, readme.column_dimensions["D"].width = 30, 100
    return _xlsx_bytes(wb)


# --- `procure check` output ------------------------------------------------------------------------------

CHECK_TEXTS = {
    "nb": {
        "profile": "profil",
        "verdict": "Utfall",
        "score": "poeng",
        "must": "MÅ",
        "should": "BØR",
        "status": "Status",
        "req": "Krav",
        "weight": "Vekt",
        "offered": "Oppgitt",
        "note": "Merk",
        "fit": "Tilpasning til kommune {k}",
        "replaces": "Erstatter",
        "new_system": "(nytt system)",
        "integrations": "Integrasjoner produktet må ha ({n} av {total} dekket)",
        "covered": "dekket",
        "missing": "må bygges",
        "new_components": "Nye fellesløsninger for kommunen",
        "fixed": "Funn som blir rettet",
        "introduced": "Funn som kommer til",
        "none": "ingen",
    },
    "en": {
        "profile": "profile",
        "verdict": "Verdict",
        "score": "score",
        "must": "MUST",
        "should": "SHOULD",
        "status": "Status",
        "req": "Requirement",
        "weight": "Weight",
        "offered": "Stated",
        "note": "Note",
        "fit": "Fit with kommune {k}",
        "replaces": "Replaces",
        "new_system": "(new system)",
        "integrations": "Integrations the product needs ({n} of {total} covered)",
        "covered": "covered",
        "missing": "to build",
        "new_components": "National components new to the kommune",
        "fixed": "Findings fixed",
        "introduced": "Findings introduced",
        "none": "none",
    },
}


def check_table(ev: Evaluation, lang: str = "nb") -> str:
    t = CHECK_TEXTS[lang]
    d = as_dict(ev, lang)
    lines = [
        f"{ev.spec.label} — {t['profile']} {ev.profile.id} ({ev.profile.text('label', lang)})",
        f"{t['verdict']}: {d['verdict_text']} · {t['score']} {d['score']:g} · "
        f"{t['must']} {d['must']['met']}/{d['must']['met'] + d['must']['gap']} · "
        f"{t['should']} {d['should']['met']}/{d['should']['met'] + d['should']['gap']}",
        "",
    ]
    rows = [
        [
            r["status_text"],
            OBLIGATION_TEXT[r["obligation"]][lang],
            r["id"],
            f"{r['weight']:g}",
            ", ".join(r["offered"]) if r["status"] == "gap" else "",
        ]
        for r in d["requirements"]
    ]
    header = [t["status"], f"{t['must']}/{t['should']}", t["req"], t["weight"], t["offered"]]
    widths = [max(len(str(x[i])) for x in [header, *rows]) for i in range(5)]
    for row in [header, ["-" * w for w in widths], *rows]:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    lines += [f"{t['note']}: {n}" for n in d["notes"]]
    if ev.fit:
        f = ev.fit
        n = sum(i["covered"] for i in f["integrations"])
        lines += [
            "",
            t["fit"].format(k=f["kommune"]),
            f"  {t['replaces']}: "
            + (", ".join(f"{s['name']} ({s['id']})" for s in f["replaces"]) or t["new_system"]),
            "  " + t["integrations"].format(n=n, total=len(f["integrations"])),
        ]
        lines += [
            f"    [{t['covered'] if i['covered'] else t['missing']}] {i['counterpart']}"
            f" {'→' if i['direction'] == 'out' else '←'} {i['name'] or i['integration']} ({i['protocol'] or '-'})"
            for i in f["integrations"]
        ]
        lines.append(f"  {t['new_components']}: " + (", ".join(f["new_components"]) or t["none"]))
        for key in ("fixed", "introduced"):
            lines.append(f"  {t[key]}: " + ("" if f[key] else t["none"]))
            lines += [f"    {x['rule']} [{x['severity']}] {x['focus']}: {x['title']}" for x in f[key]]
    return "\n".join(lines) + "\n"


def check_output(ev: Evaluation, fmt: str, lang: str = "nb") -> str:
    """`procure check` in one format: table (verdict and requirements), json (the writer's JSON plus the
    evaluation), or any other format of the checker's writers over the gap findings."""
    from ..writers import write
    from .evaluate import check_result

    if fmt == "table":
        return check_table(ev, lang)
    text = write(fmt, check_result([ev]), lang)
    if fmt == "json":
        doc = json.loads(text)
        doc["procurement"] = as_dict(ev, lang)
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return text
