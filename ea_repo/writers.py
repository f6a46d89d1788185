"""Writers: a CheckResult in, text out. One pure function per format, dispatched by ``WRITERS``.

Writers never print, never read the clock or the environment: ``checked_at`` and the versions come in the
CheckResult, so the same result always gives the same text (the CLI does the printing).

Every output lists the *not known* answers ("ikke dokumentert" / "not documented": the inventory does not
state what decides the duty) apart from the *not met* ones, and never as a violation or warning.

JUnit mapping (one <testsuite> per kommune, one <testcase> per rule and focus node that has findings):
an unwaived violation or warning is a <failure type="violation|warning">; a pair whose findings are all
waived is <skipped> with the waiver as message; a pair that is only not known is <skipped> with
"not documented: …" as message; a pair with only info findings passes, and its info findings are listed in
the suite's <system-out> (the schema allows output only per suite).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from itertools import groupby
from urllib.parse import quote, urlparse

from rdflib import Graph
from rdflib.namespace import SH

from .findings import SEVERITY_RANK, Finding
from .results import BUCKETS, NO_AREA, TOOL_NAME, CheckResult

TEXTS = {
    "nb": {
        "severity": "Alvorlighet",
        "rule": "Regel",
        "kommune": "Kommune",
        "system": "System",
        "message": "Melding",
        "violation": "brudd",
        "warning": "advarsel",
        "info": "info",
        "waived_until": "(unntak til {date}: {why})",
        "summary": "Sammendrag",
        "total": "Totalt",
        "area": "Område/standard",
        "no_area": "(uten område)",
        "no_findings": "Ingen funn.",
        "counts": ("Brudd", "Advarsler", "Info", "Ikke dok.", "Unntak"),
        "legal_basis": "Rettslig grunnlag",
        "remedy": "Tiltak",
        "focus": "Gjelder",
        "not-known": "ikke dokumentert",
        "count": "Antall",
        "not_known_title": "Ikke dokumentert (svaret er ikke kjent; ikke brudd)",
        "record": "Før inn",
        "stated": "oppgitt",
        "assessment": ("Vurdering", "Poeng", "Dekning", "Oppfylt av kjente", "Oppfylt", "Ikke oppfylt", "Ikke kjent"),
        "not_assessed": "ikke vurdert",
    },
    "en": {
        "severity": "Severity",
        "rule": "Rule",
        "kommune": "Kommune",
        "system": "System",
        "message": "Message",
        "violation": "violation",
        "warning": "warning",
        "info": "info",
        "waived_until": "(waived until {date}: {why})",
        "summary": "Summary",
        "total": "Total",
        "area": "Area/standard",
        "no_area": "(no area)",
        "no_findings": "No findings.",
        "counts": ("Violations", "Warnings", "Info", "Not doc.", "Waived"),
        "legal_basis": "Legal basis",
        "remedy": "Remedy",
        "focus": "Focus",
        "not-known": "not documented",
        "count": "Count",
        "not_known_title": "Not documented (the answer is not known; not a breach)",
        "record": "Record",
        "stated": "stated",
        "assessment": ("Assessment", "Score", "Coverage", "Met of known", "Met", "Not met", "Not known"),
        "not_assessed": "not assessed",
    },
}
SARIF_LEVEL = {"violation": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
CSV_COLUMNS = tuple(
    "kommune answer severity rule focus focus_label title message evidence missing remedy path value legal_basis"
    " source_url level area requirement origin waived waiver_expires waiver_justification waiver_approved_by".split()
)


def _texts(lang: str) -> dict:
    return TEXTS.get(lang, TEXTS["en"])


def _pick(texts, lang: str) -> str:
    """One language out of a {"nb":..., "en":...} dict (or a plain string, or None)."""
    if not isinstance(texts, dict):
        return texts or ""
    return texts.get(lang) or texts.get("en") or texts.get("nb") or ""


def _waiver_note(f: Finding, t: dict) -> str:
    return (
        t["waived_until"].format(date=f.waiver.expires.isoformat(), why=f.waiver.justification)
        if f.waived
        else ""
    )


def _one_line(text) -> str:
    """One line without control characters (a label must not move the cursor or colour the terminal)."""
    return " ".join("".join(ch for ch in str(text) if ch.isprintable() or ch.isspace()).split())


# --- table ------------------------------------------------------------------------------------------------


SYSTEM_COLUMN_MAX = 32  # a long system name is clipped in a narrow table; the machine formats keep it whole


def _fit(widths: list[int], width: int | None, clip_col: int | None) -> list[int]:
    """Column widths that fit WIDTH characters: clip CLIP_COL, then give the last column what is left (at
    least 24 characters; its text wraps)."""
    gaps = 2 * (len(widths) - 1)
    if not width or sum(widths) + gaps <= width:
        return widths
    widths = list(widths)
    if clip_col is not None:
        widths[clip_col] = min(widths[clip_col], SYSTEM_COLUMN_MAX)
    widths[-1] = max(24, min(widths[-1], width - sum(widths[:-1]) - gaps))
    return widths


def _cell(text: str, w: int) -> list[str]:
    """A cell's lines: the text wrapped to W (words longer than W are broken)."""
    import textwrap

    return (textwrap.wrap(text, w, break_on_hyphens=False) or [""]) if len(text) > w else [text]


def _grid(header: list[str], rows: list[list], numeric_from: int | None = None, *, width: int | None = None,
          clip_col: int | None = None) -> list[str]:
    """A plain-text table. With WIDTH, the table fits that many characters: the clip column is shortened with
    an ellipsis and the last column wraps onto continuation lines under itself."""
    rows = [[_one_line(c) for c in r] for r in rows]
    widths = _fit([max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))], width, clip_col)

    def line(cells):
        cells = [str(c) for c in cells]
        if clip_col is not None and len(cells[clip_col]) > widths[clip_col]:
            cells[clip_col] = cells[clip_col][: widths[clip_col] - 1] + "…"
        *first, last = cells
        if numeric_from is not None:
            first = [c.rjust(w) if i >= numeric_from else c.ljust(w) for i, (c, w) in enumerate(zip(first, widths, strict=False))]
        else:
            first = [c.ljust(w) for c, w in zip(first, widths, strict=False)]
        tail = _cell(last, widths[-1])
        if numeric_from is not None and len(cells) - 1 >= numeric_from:
            tail = [t.rjust(widths[-1]) for t in tail]
        indent = " " * (sum(widths[:-1]) + 2 * (len(widths) - 1))
        return "\n".join(["  ".join([*first, tail[0]]).rstrip(), *(indent + t for t in tail[1:])])

    return [line(header), "  ".join("-" * w for w in widths), *map(line, rows)]


def _pct(v) -> str:
    return "-" if v is None else f"{v:.0f}"


def write_table(result: CheckResult, lang: str = "nb", width: int | None = None) -> str:
    """The findings as text tables; with WIDTH (the terminal's), every line fits it (the message wraps)."""
    t = _texts(lang)
    findings = result.sorted_findings()
    not_met = [f for f in findings if f.answer != "not-known"]
    unknown = [f for f in findings if f.answer == "not-known"]
    lines = []
    if not_met:
        rows = [
            [
                t.get(f.severity, f.severity),
                f.rule,
                f.kommune,
                f.focus_label or f.focus,
                " ".join(filter(None, [f.text("message", lang), f.evidence and f"[{f.evidence_text()}]",
                                       _waiver_note(f, t)])),
            ]
            for f in not_met
        ]
        lines += _grid([t[k] for k in ("severity", "rule", "kommune", "system", "message")], rows, width=width, clip_col=3)
    else:
        lines.append(t["no_findings"])
    if unknown:  # one line per rule and kommune: how many subjects, and what to record for them
        groups: dict = {}
        for f in unknown:
            g = groups.setdefault((f.rule, f.kommune), {"n": 0, "missing": {}, "first": f})
            g["n"] += 1
            for m in f.missing:
                g["missing"][m] = g["missing"].get(m, 0) + 1
        rows = [[rule, k, g["n"], ", ".join(sorted(g["missing"], key=lambda m: (-g["missing"][m], m)))
                 or g["first"].text("message", lang)] for (rule, k), g in sorted(groups.items())]
        lines += ["", t["not_known_title"], *_grid([t["rule"], t["kommune"], t["count"], t["record"]], rows, width=width)]
    s = result.summary()
    nums = lambda c: [c[b] for b in BUCKETS]  # noqa: E731
    rows = [[t["total"], *nums(s)]]
    rows += [[f"{t['kommune']} {k}", *nums(c)] for k, c in s["by_kommune"].items()]
    lines += ["", *_grid([t["summary"], *t["counts"]], rows, numeric_from=1)]
    heads = t["assessment"]
    rows = [[f"{t['kommune']} {k}", _pct(a["score"]), _pct(a["coverage"]), _pct(a["met_of_known"]), a["met"],
             a["not_met"], a["not_known"]] for k, a in s["assessment"].items()]
    if rows:
        lines += ["", *_grid(list(heads), rows, numeric_from=1)]
    if s["by_area"]:
        rows = [[t["no_area"] if a == NO_AREA else a, *nums(c)] for a, c in s["by_area"].items()]
        lines += ["", *_grid([t["area"], *t["counts"]], rows, numeric_from=1)]
    return "\n".join(lines) + "\n"


# --- json, csv --------------------------------------------------------------------------------------------


def write_json(result: CheckResult, lang: str = "nb") -> str:
    """The result as one JSON document (indented by 2): json_parts joined."""
    return "".join(json_parts(result, lang))


def json_parts(result: CheckResult, lang: str = "nb") -> Iterator[str]:
    """write_json's text in parts, the findings encoded one at a time: a national check holds hundreds of thousands
    of them, and its document (close to 1 GB for 357 kommuner) is written to a file part by part, never held whole
    (the text is the same as json.dumps of the whole document)."""
    head = {
        "tool": TOOL_NAME,
        "version": result.tool_version,
        "catalog_version": result.catalog_version,
        "checked_at": result.checked_at,
        "engine": result.engine,
        "lang": lang,
        "today": result.today.isoformat() if result.today else None,
        "kommuner": result.all_kommuner(),
        "summary": result.summary(),
        "answers": _answer_counts(result),
    }
    ordered = result.sorted_findings()
    yield json.dumps(head, ensure_ascii=False, indent=2, default=str)[:-2]
    for key, known in (("findings", True), ("not_known", False)):
        yield f',\n  "{key}": '
        first = True
        for f in ordered:
            if (f.answer != "not-known") == known:
                yield ("[\n" if first else ",\n") + _json_item(f.as_dict(lang))
                first = False
        yield "[]" if first else "\n  ]"
    yield "\n}\n"


def _json_item(d: dict) -> str:
    """One element of a top-level list of write_json's document, as json.dumps(indent=2) places it (JSON text
    holds no raw line break, so indenting every line is safe)."""
    return "    " + json.dumps(d, ensure_ascii=False, indent=2, default=str).replace("\n", "\n    ")


def read_json(doc: str | dict, rules: dict | None = None) -> CheckResult:
    """The CheckResult that ``write_json`` wrote DOC from (the findings of `ea-repo serve`, say), so every writer
    can render it: write_json(read_json(text)) == text. RULES (default: the registry) give the score its weights
    and SARIF its rule descriptions. The texts of the findings come in the one language DOC was written in; the
    answers met are counted only, so they come back as one answer per count; the SHACL report graphs (--format
    ttl) and the inventories' meta are not in the JSON and stay empty."""
    from datetime import date

    from .findings import Answer

    if isinstance(doc, str):
        doc = json.loads(doc)
    if rules is None:
        from .registry import load_rules

        rules = load_rules()
    lang = doc.get("lang") or "nb"
    findings = [_finding(d, lang) for d in [*doc.get("findings", []), *doc.get("not_known", [])]]
    waived = {(f.kommune, f.rule, f.focus) for f in findings if f.waived}
    answers = []
    for kommune, by_rule in doc.get("answers", {}).items():
        for rule, counts in by_rule.items():
            foci = sorted(focus for k, r, focus in waived if (k, r) == (kommune, rule))
            for answer, n in counts.items():
                for i in range(n):  # the waived not-met answers by their focus, the others numbered
                    focus = foci[i] if answer == "not-met" and i < len(foci) else f"#{answer}-{i}"
                    answers.append(Answer(kommune, rule, focus, answer, (kommune, rule, focus) in waived))
    today = doc.get("today")
    return CheckResult(findings=findings, checked_at=doc["checked_at"], kommuner=list(doc.get("kommuner", [])),
                       rules=rules, tool_version=doc.get("version", ""), catalog_version=doc.get("catalog_version", ""),
                       engine=doc.get("engine", ""), answers=sorted(answers),
                       today=date.fromisoformat(today) if today else None)


def _finding(d: dict, lang: str) -> Finding:
    """One finding from Finding.as_dict(LANG)."""
    from datetime import date

    from .findings import Waiver

    w = d.get("waiver")
    waiver = Waiver(**{**w, "expires": date.fromisoformat(w["expires"])}) if w else None
    names = {"title", "message", "remedy", "evidence", "missing", "waiver", "waived"}
    return Finding(**{k: v for k, v in d.items() if k not in names}, title={lang: d.get("title") or ""},
                   message={lang: d.get("message") or ""}, remedy={lang: d.get("remedy") or ""}, waiver=waiver,
                   evidence=tuple((name, tuple(values)) for name, values in (d.get("evidence") or {}).items()),
                   missing=tuple(d.get("missing") or ()))


def _answer_counts(result: CheckResult) -> dict:
    """kommune -> rule -> {met, not-met, not-known}: every (rule, subject) answer, counted."""
    out: dict = {}
    for a in result.answers:
        c = out.setdefault(a.kommune, {}).setdefault(a.rule, {"met": 0, "not-met": 0, "not-known": 0})
        c[a.answer] += 1
    return {k: dict(sorted(v.items())) for k, v in sorted(out.items())}


def write_csv(result: CheckResult, lang: str = "nb") -> str:
    from .inventory.cells import protect

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for f in result.sorted_findings():
        d = f.as_dict(lang)
        waiver = d.get("waiver") or {}
        d |= {
            "evidence": f.evidence_text(),
            "missing": "; ".join(f.missing),
            "waived": "true" if f.waived else "false",
            "waiver_expires": waiver.get("expires"),
            "waiver_justification": waiver.get("justification"),
            "waiver_approved_by": waiver.get("approved_by"),
        }
        w.writerow([protect("" if d.get(c) is None else str(d[c])) for c in CSV_COLUMNS])  # no formula injection
    return buf.getvalue()


# --- sarif ------------------------------------------------------------------------------------------------


def _uri(value: str | None) -> str | None:
    """An absolute URI (IRI characters such as § percent-encoded, as SARIF consumers check), or None."""
    if not value or not (urlparse(value).scheme and urlparse(value).netloc):
        return None
    return quote(value.strip(), safe=":/?#[]@!$&'()*+,;=%~")


def _utc(iso: str) -> datetime:
    """The injected check time in UTC (a time without zone is taken as UTC)."""
    moment = datetime.fromisoformat(iso)
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _clean(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in (None, "", [], {})}


def _sarif_rule(code: str, rule, first: Finding, lang: str) -> dict:
    """A reportingDescriptor from the rule (duck-typed), falling back to the finding for unknown codes
    (whose message describes one node, not the rule, so it is left out)."""
    t = _texts(lang)
    get = lambda name: getattr(rule if rule is not None else first, name, None)  # noqa: E731
    title, legal, message = get("title"), get("legal_basis"), rule is not None and get("message")
    help_text = "\n\n".join(
        filter(None, [_pick(get("remedy"), lang), legal and f"{t['legal_basis']}: {legal}"])
    )
    return _clean(
        {
            "id": code,
            "name": _pick(title, "en") or code,  # non-localised, human-readable
            "shortDescription": {"text": _pick(title, lang) or code},
            "fullDescription": _pick(message, lang) and {"text": _pick(message, lang)},
            "help": help_text and {"text": help_text},
            "helpUri": _uri(get("source_url")),
            "defaultConfiguration": {"level": SARIF_LEVEL.get(get("severity") or first.severity, "none")},
            "properties": _clean(
                {
                    "tags": sorted({x for x in (get("area"), get("level")) if x}),
                    "area": get("area"),
                    "level": get("level"),
                    "legalBasis": legal,
                    "requirement": get("requirement"),
                }
            ),
        }
    )


def _sarif_result(f: Finding, index: int, lang: str) -> dict:
    fingerprint = hashlib.sha256("\x1f".join([f.rule, f.kommune, f.focus, f.path or ""]).encode()).hexdigest()
    res = {
        "ruleId": f.rule,
        "ruleIndex": index,
        # not known: the tool cannot tell pass from fail (SARIF kind "open"), never a warning or error
        "kind": "open" if f.answer == "not-known" else "fail",
        "level": "none" if f.answer == "not-known" else SARIF_LEVEL.get(f.severity, "none"),
        "message": {"text": f.text("message", lang) or f.text("title", lang) or f.rule},
        "locations": [
            {
                "logicalLocations": [
                    _clean({"fullyQualifiedName": f.focus, "name": f.focus_label, "kind": "resource"})
                ],
                "properties": {"kommune": f.kommune},
            }
        ],
        "partialFingerprints": {"eaRepoFinding/v1": fingerprint},
        "properties": _clean(
            {
                "kommune": f.kommune,
                "area": f.area,
                "path": f.path,
                "value": f.value,
                "origin": f.origin,
                "requirement": f.requirement,
                "answer": f.answer,
                "evidence": {name: list(values) for name, values in f.evidence},
                "missing": list(f.missing),
            }
        ),
    }
    if f.waived:
        w = f.waiver
        res["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": w.justification,
                "properties": _clean(
                    {
                        "expires": w.expires.isoformat(),
                        "approvedBy": w.approved_by,
                        "system": w.system,
                        "source": w.location,
                    }
                ),
            }
        ]
    return res


def write_sarif(result: CheckResult, lang: str = "nb") -> str:
    findings = result.sorted_findings()
    first = {}
    for f in findings:
        first.setdefault(f.rule, f)
    codes = sorted(first)
    index = {code: i for i, code in enumerate(codes)}
    run = {
        "tool": {
            "driver": _clean(
                {
                    "name": TOOL_NAME,
                    "version": result.tool_version,
                    "informationUri": _uri(result.information_uri),
                    "rules": [_sarif_rule(c, result.rules.get(c), first[c], lang) for c in codes],
                    "properties": _clean({"catalogVersion": result.catalog_version, "engine": result.engine}),
                }
            )
        },
        "invocations": [
            _clean(
                {
                    "executionSuccessful": True,
                    "endTimeUtc": _utc(result.checked_at).isoformat().replace("+00:00", "Z"),
                    "properties": {"kommuner": result.all_kommuner()},
                }
            )
        ],
        "language": {"nb": "nb-NO", "en": "en-US"}.get(lang, lang),
        "results": [_sarif_result(f, index[f.rule], lang) for f in findings],
        "properties": {"checkedAt": result.checked_at},
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --- junit ------------------------------------------------------------------------------------------------

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text) -> str:
    """Text safe for XML 1.0 (characters XML cannot carry are dropped; escaping is ElementTree's job)."""
    return _XML_INVALID.sub("", "" if text is None else str(text))


def _el(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: _x(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _x(text)
    return el


def _details(f: Finding, t: dict, lang: str) -> str:
    parts = [
        f"[{t.get(f.severity, f.severity)}] {f.text('title', lang)}",
        f.text("message", lang),
        f"{t['focus']}: {f.focus}" + (f" ({f.path} = {f.value})" if f.path else ""),
        f.evidence and f"{t['stated']}: {f.evidence_text()}",
        f.missing and f"{t['record']}: {', '.join(f.missing)}",
        f.text("remedy", lang) and f"{t['remedy']}: {f.text('remedy', lang)}",
        f.legal_basis and f"{t['legal_basis']}: {f.legal_basis}",
        _waiver_note(f, t),
    ]
    return "\n".join(filter(None, parts))


def _testcase(suite: ET.Element, rule: str, name: str, group: list[Finding], t: dict, lang: str) -> str:
    """Add one testcase; returns its outcome: failure, skipped or passed."""
    case = _el(suite, "testcase", name=name, classname=rule, time="0")
    failing = [f for f in group if not f.waived and f.answer == "not-met" and f.severity in ("violation", "warning")]
    body = "\n\n".join(_details(f, t, lang) for f in group)
    if failing:
        worst = max(failing, key=lambda f: SEVERITY_RANK[f.severity])
        _el(case, "failure", body, type=worst.severity, message=worst.text("message", lang))
        return "failure"
    if all(f.waived for f in group):
        _el(case, "skipped", body, message=_waiver_note(group[0], t))
        return "skipped"
    if all(f.answer == "not-known" for f in group):
        missing = ", ".join(dict.fromkeys(m for f in group for m in f.missing))
        _el(case, "skipped", body, message=f"{t['not-known']}: {missing}" if missing else t["not-known"])
        return "skipped"
    return "passed"


def write_junit(result: CheckResult, lang: str = "nb") -> str:
    t = _texts(lang)
    stamp = _utc(result.checked_at).strftime(
        "%Y-%m-%dT%H:%M:%S"
    )  # the schema wants no zone and no fraction: UTC
    root = ET.Element("testsuites")
    findings = result.sorted_findings()
    for i, kommune in enumerate(result.all_kommuner()):
        suite = _el(
            root,
            "testsuite",
            name=f"kommune {kommune}",
            package=TOOL_NAME,
            id=str(i),
            timestamp=stamp,
            hostname="localhost",
            time="0",
        )
        props = _el(suite, "properties")
        for name, value in (
            ("kommune", kommune),
            ("tool_version", result.tool_version),
            ("catalog_version", result.catalog_version),
            ("engine", result.engine),
            ("lang", lang),
        ):
            _el(props, "property", name=name, value=value)
        mine = sorted(
            (f for f in findings if f.kommune == kommune), key=lambda f: (f.rule, f.focus_label, f.focus)
        )
        groups = [(key, list(g)) for key, g in groupby(mine, key=lambda f: (f.rule, f.focus))]
        names = [(rule, g[0].focus_label or focus) for (rule, focus), g in groups]
        outcomes = []
        for ((rule, focus), group), name in zip(groups, names, strict=True):
            unique = name[1] if names.count(name) == 1 else f"{name[1]} <{focus}>"  # two nodes, one label
            outcomes.append(_testcase(suite, rule, unique, group, t, lang))
        info = [f for f in mine if f.severity == "info" and not f.waived and f.answer == "not-met"]
        _el(
            suite,
            "system-out",
            "\n".join(f"{f.rule} {f.focus_label}: {f.text('message', lang)}" for f in info),
        )
        _el(suite, "system-err", "")
        suite.set("tests", str(len(outcomes)))
        suite.set("failures", str(outcomes.count("failure")))
        suite.set("errors", "0")
        suite.set("skipped", str(outcomes.count("skipped")))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# --- ttl --------------------------------------------------------------------------------------------------


def write_ttl(result: CheckResult, lang: str = "nb") -> str:
    """The SHACL validation reports of all kommuner, merged into one Turtle document (lang is not used)."""
    merged = Graph()
    merged.bind("sh", SH)
    for g in result.report_graphs:
        for prefix, ns in g.namespaces():
            merged.bind(prefix, ns, override=False)
        merged += g
    return merged.serialize(format="turtle")


WRITERS: dict[str, Callable[[CheckResult, str], str]] = {
    "table": write_table,
    "json": write_json,
    "csv": write_csv,
    "sarif": write_sarif,
    "junit": write_junit,
    "ttl": write_ttl,
}


def write(fmt: str, result: CheckResult, lang: str = "nb", width: int | None = None) -> str:
    """The result in FMT; WIDTH (characters) only shapes the text table, the machine formats keep every text whole."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(WRITERS)}") from None
    return write_table(result, lang, width) if fmt == "table" else writer(result, lang)
