"""Writers: every format from one hand-made CheckResult, validated against the official schemas (offline)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import jsonschema
import pytest
from lxml import etree
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH

from ea_repo.findings import Finding, Waiver
from ea_repo.results import CheckResult
from ea_repo.writers import CSV_COLUMNS, WRITERS, write

SCHEMAS = Path(__file__).parent / "data" / "schemas"
ID = "https://w3id.org/ea-repo/id/"
RULE = Namespace("https://w3id.org/ea-repo/shapes/")
NASTY = "Saksbehandling <script>alert('x')</script> & «Ærlig øl på Åsen»"


def rule(code, severity, title_nb, title_en, area, level="krav", legal="ITS-forskriften § 8"):
    return SimpleNamespace(
        code=code,
        severity=severity,
        title={"nb": title_nb, "en": title_en},
        message={"nb": f"{title_nb} mangler", "en": f"{title_en} is missing"},
        remedy={"nb": "Rett opp i registeret", "en": "Fix it in the register"},
        legal_basis=legal,
        source_url="https://lovdata.no/forskrift/2013-04-05-959/§8",
        area=area,
        level=level,
        requirement=None,
    )


RULES = {
    "ITS-08": rule("ITS-08", "violation", "UTF-8 for tegnsett", "UTF-8 as character set", "tegnsett"),
    "ITS-11": rule(
        "ITS-11", "warning", "HTTPS på nettsider", "HTTPS on web pages", "sikkerhet", "anbefaling", None
    ),
    "GP-01": rule("GP-01", "info", "Kontrakt registrert", "Contract recorded", None, "god-praksis", None),
}


def finding(code, kommune, system, label, *, path=None, waiver=None, severity=None):
    r = RULES.get(code)
    return Finding(
        rule=code,
        severity=severity or r.severity,
        kommune=kommune,
        focus=f"{ID}{kommune}/system/{system}",
        focus_label=label,
        title=r.title if r else {"nb": "Mangler integrasjon", "en": "Missing integration"},
        message={"nb": f"{label}: feil i {path or 'system'}", "en": f"{label}: wrong {path or 'system'}"},
        remedy={"nb": "Rett opp", "en": "Fix it"},
        path=path,
        value="ISO-8859-1" if path else None,
        legal_basis=r.legal_basis if r else None,
        source_url=r.source_url if r else None,
        area=r.area if r else "integrasjon",
        level=r.level if r else None,
        waiver=waiver,
        origin="shacl" if r else "gap",
    )


WAIVER = Waiver(
    "ITS-08", "3301", "arkiv", "Bytte av arkivsystem i 2026 (æøå)", "Rådmannen", date(2026, 6, 30)
)

FINDINGS = [
    finding("ITS-08", "4631", "sak", NASTY, path="ea:charset"),
    finding("ITS-08", "4631", "sak", NASTY, path="ea:exportCharset"),  # same rule and focus: one testcase
    finding("ITS-08", "4631", "lonn", "Lønn & personal"),
    finding("ITS-11", "4631", "web", "Kommunens nettsted"),
    finding("GP-01", "4631", "sak", NASTY),
    finding("ITS-08", "3301", "arkiv", "Arkiv <Noark 5>", waiver=WAIVER),
    finding("ITS-11", "3301", "hjemme", "Hjemmetjeneste\x0b(æøå)"),  # \x0b cannot be carried by XML
    finding("GAP-01", "3301", "barnevern", "Barnevern", severity="warning"),  # a code no rule describes
]
# unwaived violations and warnings, per (kommune, rule, focus): what JUnit reports as failures
FAILING_PAIRS = {(f.kommune, f.rule, f.focus) for f in FINDINGS if not f.waived and f.severity != "info"}


def report_graph(kommune: str) -> Graph:
    g = Graph()
    g.bind("sh", SH)
    report, res = BNode(), BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(False)))
    g.add((report, SH.result, res))
    g.add((res, RDF.type, SH.ValidationResult))
    g.add((res, SH.focusNode, URIRef(f"{ID}{kommune}/system/sak")))
    g.add((res, SH.sourceShape, RULE["ITS-08"]))
    g.add((res, SH.resultSeverity, SH.Violation))
    g.add((res, SH.resultMessage, Literal(f"{NASTY} mangler UTF-8", lang="nb")))
    return g


@pytest.fixture
def result() -> CheckResult:
    return CheckResult(
        findings=list(FINDINGS),
        kommuner=["4631", "3301", "5001"],
        rules=RULES,
        report_graphs=[report_graph("4631"), report_graph("3301")],
        tool_version="0.1.0",
        catalog_version="2024.1",
        checked_at="2025-03-01T10:15:30+01:00",
        engine="pyshacl",
    )


# --- the shipped schemas are the published ones -------------------------------------------------------


@pytest.mark.parametrize(
    "name, sha256",
    [
        ("sarif-schema-2.1.0.json", "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"),
        ("JUnit.xsd", "147ff89ef34a82f9a1b2951e7cad251b98c9a7a48a0e0c8e44937141791f57a8"),
    ],
)
def test_schema_copies_are_unchanged(name, sha256):
    assert hashlib.sha256((SCHEMAS / name).read_bytes()).hexdigest() == sha256
    assert sha256 in (SCHEMAS / "SOURCES.md").read_text(encoding="utf-8")


# --- dispatch ---------------------------------------------------------------------------------------------


def test_dispatch_table(result):
    assert set(WRITERS) == {"table", "json", "csv", "sarif", "junit", "ttl"}
    assert write("json", result, "en") == WRITERS["json"](result, "en")
    with pytest.raises(ValueError, match="table, json"):
        write("xml", result)


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "sarif", "junit"])
def test_output_is_deterministic(result, fmt):
    shuffled = CheckResult(
        **{**result.__dict__, "findings": random.Random(7).sample(FINDINGS, len(FINDINGS))}
    )
    assert write(fmt, result) == write(fmt, shuffled)


# --- json, csv --------------------------------------------------------------------------------------------


def test_json(result):
    doc = json.loads(write("json", result))
    assert (doc["tool"], doc["version"], doc["catalog_version"]) == ("ea-repo", "0.1.0", "2024.1")
    assert doc["checked_at"] == "2025-03-01T10:15:30+01:00"
    assert doc["kommuner"] == ["3301", "4631", "5001"]
    s = doc["summary"]
    assert (s["violation"], s["warning"], s["info"], s["waived"]) == (3, 3, 1, 1)
    assert (
        sum(s[b] for b in ("violation", "warning", "info", "waived")) == len(FINDINGS) == len(doc["findings"])
    )
    assert s["by_kommune"]["4631"] == {"violation": 3, "warning": 1, "info": 1, "not-known": 0, "waived": 0}
    assert s["by_kommune"]["5001"] == {"violation": 0, "warning": 0, "info": 0, "not-known": 0, "waived": 0}
    assert s["by_area"]["tegnsett"] == {"violation": 3, "warning": 0, "info": 0, "not-known": 0, "waived": 1}
    assert s["by_area"]["-"]["info"] == 1
    assert [f["severity"] for f in doc["findings"]][:3] == ["violation"] * 3  # Finding.sort_key order
    waived = [f for f in doc["findings"] if f["waived"]]
    assert len(waived) == 1 and waived[0]["waiver"]["expires"] == "2026-06-30"
    assert any(f["focus_label"] == NASTY for f in doc["findings"])
    assert "Ærlig øl" in write("json", result)  # written as UTF-8, not \u escapes
    messages = [f["message"] for f in json.loads(write("json", result, "en"))["findings"]]
    assert f"{NASTY}: wrong ea:charset" in messages and f"{NASTY}: feil i ea:charset" not in messages


def test_csv(result):
    text = write("csv", result)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert next(csv.reader(io.StringIO(text))) == list(CSV_COLUMNS)
    assert len(rows) == len(FINDINGS)
    assert {r["focus_label"] for r in rows} >= {NASTY, "Lønn & personal"}
    (waived,) = [r for r in rows if r["waived"] == "true"]
    assert (waived["kommune"], waived["waiver_expires"]) == ("3301", "2026-06-30")
    assert waived["waiver_justification"] == "Bytte av arkivsystem i 2026 (æøå)"
    assert text.encode("utf-8").decode("utf-8") == text


# --- sarif ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)  # the schema declares draft-04
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_sarif_validates(result, sarif_validator, lang):
    doc = json.loads(write("sarif", result, lang))
    errors = sorted(sarif_validator.iter_errors(doc), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_sarif_validator_is_not_vacuous(result, sarif_validator):
    doc = json.loads(write("sarif", result))
    doc["runs"][0]["results"][0]["level"] = "fatal"
    del doc["runs"][0]["tool"]["driver"]["name"]
    assert len(list(sarif_validator.iter_errors(doc))) >= 2


def test_sarif_content(result):
    doc = json.loads(write("sarif", result, "en"))
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("ea-repo", "0.1.0") and driver["informationUri"]
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(rules) == {f.rule for f in FINDINGS}
    assert rules["ITS-08"]["defaultConfiguration"]["level"] == "error"
    assert rules["ITS-11"]["defaultConfiguration"]["level"] == "warning"
    assert rules["GP-01"]["defaultConfiguration"]["level"] == "note"
    assert rules["ITS-08"]["shortDescription"]["text"] == "UTF-8 as character set"
    assert "ITS-forskriften § 8" in rules["ITS-08"]["help"]["text"]
    assert rules["GAP-01"]["shortDescription"]["text"] == "Missing integration"  # from the finding
    assert "fullDescription" not in rules["GAP-01"]  # a finding's message describes a node, not the rule
    # the schema's "uri" format is not checked by jsonschema without extras: check ours by hand
    for uri in [driver["informationUri"], *(r["helpUri"] for r in rules.values() if "helpUri" in r)]:
        assert uri.isascii() and urlparse(uri).scheme == "https" and urlparse(uri).netloc, uri
    assert rules["ITS-08"]["helpUri"] == "https://lovdata.no/forskrift/2013-04-05-959/%C2%A78"
    assert len(run["results"]) == len(FINDINGS)
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
    (suppressed,) = [r for r in run["results"] if "suppressions" in r]
    assert suppressed["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "Bytte av arkivsystem i 2026 (æøå)",
            "properties": {"expires": "2026-06-30", "approvedBy": "Rådmannen", "system": "arkiv"},
        }
    ]
    loc = suppressed["locations"][0]
    assert loc["logicalLocations"] == [
        {"fullyQualifiedName": f"{ID}3301/system/arkiv", "name": "Arkiv <Noark 5>", "kind": "resource"}
    ]
    assert loc["properties"]["kommune"] == "3301"
    assert run["invocations"][0]["executionSuccessful"] is True
    assert run["invocations"][0]["endTimeUtc"] == "2025-03-01T09:15:30Z"


# --- junit ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def junit_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "JUnit.xsd")))


def test_junit_validates_and_counts(result, junit_schema):
    doc = etree.fromstring(write("junit", result).encode("utf-8"))
    junit_schema.assertValid(doc)
    suites = {s.get("name"): s for s in doc.findall("testsuite")}
    assert list(suites) == ["kommune 3301", "kommune 4631", "kommune 5001"]
    assert sum(int(s.get("failures")) for s in suites.values()) == len(FAILING_PAIRS) == 5
    assert len(doc.findall(".//failure")) == len(FAILING_PAIRS)
    assert sum(int(s.get("skipped")) for s in suites.values()) == 1
    k4631 = suites["kommune 4631"]
    assert (k4631.get("tests"), k4631.get("failures"), k4631.get("errors")) == ("4", "3", "0")
    assert suites["kommune 5001"].get("tests") == "0"
    assert k4631.get("timestamp") == "2025-03-01T09:15:30"
    # the two ITS-08 findings on the same system become one testcase whose failure lists both
    (merged,) = k4631.xpath("testcase[@classname='ITS-08'][@name=$n]", n=NASTY)
    assert merged.find("failure").get("type") == "violation"
    assert "ea:charset" in merged.find("failure").text and "ea:exportCharset" in merged.find("failure").text
    # info goes to the suite's system-out; the info testcase passes
    (info,) = k4631.xpath("testcase[@classname='GP-01']")
    assert len(info) == 0 and "GP-01" in k4631.find("system-out").text
    skipped = suites["kommune 3301"].find("testcase/skipped")
    assert skipped.get("message") == "(unntak til 2026-06-30: Bytte av arkivsystem i 2026 (æøå))"
    assert suites["kommune 3301"].xpath("testcase[@classname='ITS-11']/@name") == ["Hjemmetjeneste(æøå)"]


def test_junit_distinguishes_nodes_with_one_label(result, junit_schema):
    twin = finding("ITS-08", "4631", "lonn2", "Lønn & personal")
    result.findings.append(twin)
    doc = etree.fromstring(write("junit", result, "en").encode("utf-8"))
    junit_schema.assertValid(doc)
    names = doc.xpath("testsuite[@name='kommune 4631']/testcase[@classname='ITS-08']/@name")
    assert len(set(names)) == len(names) == 3


# --- ttl, table -------------------------------------------------------------------------------------------


def test_ttl(result):
    parsed = Graph().parse(data=write("ttl", result), format="turtle")
    union = Graph()
    for g in result.report_graphs:
        union += g
    assert isomorphic(parsed, union)
    assert len(list(parsed.subjects(RDF.type, SH.ValidationResult))) == 2


def test_table_nb(result):
    text = write("table", result, "nb")
    assert "Alvorlighet" in text and "Melding" in text and "Sammendrag" in text
    assert NASTY in text and "(unntak til 2026-06-30: Bytte av arkivsystem i 2026 (æøå))" in text
    total = next(line for line in text.splitlines() if line.startswith("Totalt")).split()
    assert total[1:] == ["3", "3", "1", "0", "1"]
    k5001 = next(line for line in text.splitlines() if line.startswith("Kommune 5001")).split()
    assert k5001[2:] == ["0", "0", "0", "0", "0"]
    tegnsett = next(line for line in text.splitlines() if line.startswith("tegnsett")).split()
    assert tegnsett[1:] == ["3", "0", "0", "0", "1"]  # violation, warning, info, not known, waived
    assert "(uten område)" in text and "Område/standard" in text


def test_table_en_changes_headings(result):
    nb, en = write("table", result, "nb"), write("table", result, "en")
    assert "Severity" in en and "Summary" in en and "Violations" in en and "(waived until 2026-06-30" in en
    assert "Severity" not in nb and "Alvorlighet" not in en
    assert "wrong ea:charset" in en and "feil i ea:charset" in nb


def test_check_time_must_be_given():
    with pytest.raises(ValueError, match="ISO 8601"):
        CheckResult(findings=[], checked_at="yesterday")


def test_table_strips_terminal_control_characters(result):
    result.findings.append(finding("ITS-11", "4631", "evil", "Evil\x1b[31mred\x1b[0m"))
    text = write("table", result, "en")
    assert "\x1b" not in text and "Evil[31mred[0m" in text


def test_empty_result():
    empty = CheckResult(findings=[], kommuner=["4631"], checked_at="2025-03-01T10:00:00")
    assert "Ingen funn." in write("table", empty)
    assert json.loads(write("json", empty))["summary"]["violation"] == 0
    for fmt in WRITERS:
        assert write(fmt, empty, "en")


def test_json_is_the_whole_document_dumped_at_once(result):
    """write_json encodes the findings one at a time: the text must be what json.dumps of the whole document gives,
    and Finding.as_dict must hold every field of a Finding, in order, as dataclasses.asdict gives it."""
    import dataclasses

    text = write("json", result)
    doc = json.loads(text)
    assert text == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    assert doc["findings"] and any(f["waiver"] for f in doc["findings"])
    empty = CheckResult(findings=[], checked_at=result.checked_at, kommuner=["3301"], rules=result.rules)
    assert write("json", empty) == json.dumps(json.loads(write("json", empty)), ensure_ascii=False, indent=2) + "\n"
    assert json.loads(write("json", empty))["findings"] == []
    for f in result.findings:
        f = dataclasses.replace(f, extra={"nodes": ["a", "b"], "pair": ("x", 1)}, evidence=(("ipv6", ("false",)),))
        d = f.as_dict("en")
        reference = dataclasses.asdict(f)
        assert list(d) == [x.name for x in dataclasses.fields(Finding)] + ["waived"]
        assert d["extra"] == reference["extra"] and d["extra"] is not f.extra and d["extra"]["nodes"] is not f.extra["nodes"]
        assert {k: v for k, v in d.items() if k not in ("title", "message", "remedy", "waiver", "evidence", "missing", "waived")} \
            == {k: v for k, v in reference.items() if k not in ("title", "message", "remedy", "waiver", "evidence", "missing")}
        assert (d["title"], d["waived"], d["evidence"]) == (f.title["en"], f.waiver is not None, {"ipv6": ["false"]})


def test_json_written_in_parts_is_the_same_file_and_a_failure_leaves_nothing(result, tmp_path):
    """check --format json writes its document part by part (a national one is close to 1 GB): the file holds
    write_json's text, and parts that fail half-way leave neither the file nor its .part behind."""
    from ea_repo.output import write_file
    from ea_repo.writers import json_parts, write_json

    parts = list(json_parts(result))
    assert len(parts) > 4 and "".join(parts) == write_json(result)
    path = write_file(tmp_path / "check.json", json_parts(result))
    assert path.read_text(encoding="utf-8") == write_json(result)

    def broken():
        yield "{\n"
        raise RuntimeError("half-way")

    with pytest.raises(RuntimeError):
        write_file(tmp_path / "broken.json", broken())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["check.json"]
