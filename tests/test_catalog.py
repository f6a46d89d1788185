"""The reference catalogue (catalog/): it parses, it is complete, and it tells the domain truth it claims.

Run from the repository root: python3 -m pytest tests/test_catalog.py
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ea_repo import paths
from ea_repo.namespaces import COMPONENT, EA, FYLKE, KOMMUNE, REQUIREMENT, STANDARD, VOCAB

CATALOG = paths.catalog_dir()
REPO = paths.data_root()
BUILD_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "build_catalog.py"
CONVENTIONS = Path(__file__).resolve().parent.parent / "docs" / "CONVENTIONS.md"
HAND_WRITTEN = ("catalog.ttl", "components.ttl", "partners.ttl", "standards.ttl", "requirements.ttl")

# docs/CONVENTIONS.md, "Catalogue ids everybody may rely on" (the catalogue may add more, never rename these).
COMPONENT_IDS = """
id-porten ansattporten maskinporten krr krr-soap digital-postkasse eformidling esignering einnsyn elma altinn-3
altinn-2 folkeregisteret folkeregisteret-legacy enhetsregisteret matrikkelen ks-fiks svarut svarinn fiks-io fiks-arkiv
fiks-folkeregister fiks-protokoll helseid helsenettet adresseregisteret kjernejournal e-resept helsenorge digibarnevern
kostra a-ordningen nav geonorge
""".split()
INTEGRATION_PLATFORMS = {"ks-fiks", "fiks-io", "fiks-arkiv", "svarut", "eformidling"}
STANDARD_IDS = """
utf-8 iso-8859-1-sami iso-10646 https tls-1.2 tls-1.3 hsts dnssec ipv6 http-1.1 pdfa-1a pdfa-1b pdfa-2 pdfa-3 pdf-1.4
pdf-1.7 odf ooxml html5 html-4.01 xhtml-1.0 wcag-2.0-aa wcag-2.1-aa en-301-549-v3.2.1 ehf-billing-3.0 ehf-espd peppol-bis
noark-5 fiks-arkiv-protokoll gi-arkiv-1.1 sosi gml wms wfs dcat-ap-no skos-ap-no-begrep epub-3 iso-639 sip iso-27001
smtp-starttls dmarc spf dkim elmer oidc oauth2 saml2 his-1037 his-80415 his-1153 his-1143 his-1144 his-1145 his-1146
his-1147 his-1148 his-1149 his-1151 his-1152 plo
""".split()
REQUIREMENT_IDS = """
its-4-pdf-publish its-5-pdfa-email its-8-utf8 its-9-unicode-internal its-10-ehf its-10-elma its-11-https its-12-ipv6
its-13-html5 its-14-open-standards uu-4b-wcag uu-4e-statement arkivforskrifta-5 arkivlova-14-preservation eforv-8-krr
eforv-15-isms digital-post idporten-login maskinporten-m2m altinn2-retirement krr-soap-retirement freg-modern
freg-residents sosi-geodata helse-4-adresseregister helse-5-ebxml helse-6-plo helse-9-helsenettet helse-9-helseid
helse-10-kjernejournal hsts dnssec dcat-ap-no inventory-completeness contract-management lifecycle-support
gdpr-30-records gdpr-28-dpa gdpr-35-dpia ros-current normen-helsenettet
""".split()
GOOD_PRACTICE = {"inventory-completeness", "contract-management", "lifecycle-support", "ros-current"}

# shared/domain.md § 3.2: kommuner per county, 2024 numbering.
COUNTY_COUNTS = {
    "03": 1,
    "11": 23,
    "15": 27,
    "18": 41,
    "31": 12,
    "32": 21,
    "33": 18,
    "34": 46,
    "39": 6,
    "40": 17,
    "42": 25,
    "46": 43,
    "50": 38,
    "55": 21,
    "56": 18,
}

LEVEL = VOCAB["level/"]
KRAV, ANBEFALING, GOD_PRAKSIS = (
    URIRef(LEVEL + "krav"),
    URIRef(LEVEL + "anbefaling"),
    URIRef(LEVEL + "god-praksis"),
)
STATUS = lambda s: URIRef(VOCAB["status/"] + s)  # noqa: E731

# property -> the vocabulary scheme its values must come from
CONCEPT_PROPERTIES = {
    EA.status: "status",
    EA.area: "area",
    EA.levelKommune: "level",
    EA.levelState: "level",
    EA.protocol: "protocol",
    EA.authentication: "auth",
    DCTERMS.subject: "healthservice",
}


@cache
def graph(name: str) -> Graph:
    return Graph().parse(CATALOG / name, format="turtle")


@cache
def catalog() -> Graph:
    g = Graph()
    for f in sorted(CATALOG.glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


@cache
def vocab() -> Graph:
    return Graph().parse(paths.ontology_dir() / "vocab.ttl", format="turtle")


def ids_of(cls: URIRef) -> dict[str, URIRef]:
    g = catalog()
    return {str(g.value(s, EA.id)): s for s in g.subjects(RDF.type, cls)}


def langs(g: Graph, s, p) -> set[str | None]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal)}


# --------------------------------------------------------------------------------------------------------
# files


def test_catalog_dir_is_found_through_paths():
    assert CATALOG.is_dir() and (CATALOG / "data").is_dir()


@pytest.mark.parametrize("name", [*HAND_WRITTEN, "kommuner.ttl"])
def test_every_catalog_file_parses(name):
    assert len(graph(name)) > 0


def test_every_turtle_file_is_documented_and_parses():
    readme = (CATALOG / "README.md").read_text(encoding="utf-8")
    for p in CATALOG.glob("*.ttl"):
        assert p.name in readme, f"catalog/{p.name} is not described in catalog/README.md"
        assert len(graph(p.name)) > 0


def test_data_files_present_with_expected_rows():
    expected = {
        "kommuner_2024.csv": 357,
        "kommunenummer_changes.csv": 516,
        "kommunenummer_to_2024.csv": 509,
        "referansekatalog_standards.csv": None,
    }
    for name, rows in expected.items():
        f = CATALOG / "data" / name
        with f.open(encoding="utf-8", newline="") as fh:
            n = sum(1 for _ in csv.DictReader(fh))
        assert n > 0, name
        if rows is not None:
            assert n == rows, f"{name}: {n} rows"
    sources = (CATALOG / "data" / "SOURCES.md").read_text(encoding="utf-8")
    for name in expected:
        assert name in sources


def test_hand_written_files_keep_prefixes_at_top():
    for name in HAND_WRITTEN:
        lines = (CATALOG / name).read_text(encoding="utf-8").splitlines()
        prefix_lines = [i for i, line in enumerate(lines) if line.startswith("@prefix")]
        first_statement = next(
            i for i, line in enumerate(lines) if line and not line.startswith(("@prefix", "#"))
        )
        assert max(prefix_lines) < first_statement, name


# --------------------------------------------------------------------------------------------------------
# kommuner.ttl


def test_357_kommuner_and_15_fylker():
    g = graph("kommuner.ttl")
    assert len(set(g.subjects(RDF.type, EA.Kommune))) == 357
    assert len(set(g.subjects(RDF.type, EA.Fylke))) == 15


def test_county_counts_match_domain_research():
    g = graph("kommuner.ttl")
    counts = Counter(str(g.value(g.value(k, EA.fylke), EA.code)) for k in g.subjects(RDF.type, EA.Kommune))
    assert dict(counts) == COUNTY_COUNTS


def test_kommune_modelling_follows_conventions():
    g = graph("kommuner.ttl")
    for k in g.subjects(RDF.type, EA.Kommune):
        code = str(g.value(k, SKOS.notation))
        assert k == KOMMUNE[code] and re.fullmatch(r"\d{4}", code)
        assert g.value(k, EA.name)
        assert g.value(k, EA.fylke) == FYLKE[code[:2]]
        nrs = list(g.objects(k, EA.kommunenummer))
        assert nrs == [URIRef(f"{KOMMUNE[code]}/nr/2024-01-01")]
        nr = nrs[0]
        assert (nr, RDF.type, EA.KommunenummerAssignment) in g
        assert str(g.value(nr, EA.code)) == code
        assert g.value(nr, EA.validFrom) == Literal(
            "2024-01-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")
        )
        for s in (k, nr):
            assert any(str(o).startswith("https://") for o in g.objects(s, DCTERMS.source)), s
    for f in g.subjects(RDF.type, EA.Fylke):
        code = str(g.value(f, EA.code))
        assert f == FYLKE[code] and str(g.value(f, SKOS.notation)) == code
        assert g.value(f, EA.name) and g.value(f, EA.validFrom) and g.value(f, DCTERMS.source)


def test_spot_checks_of_2024_numbering():
    g = graph("kommuner.ttl")
    assert str(g.value(KOMMUNE["3301"], EA.name)) == "Drammen"
    assert str(g.value(KOMMUNE["1508"], EA.name)) == "Ålesund"
    assert str(g.value(KOMMUNE["1580"], EA.name)) == "Haram"
    assert (KOMMUNE["1507"], RDF.type, EA.Kommune) not in g  # split 2024-01-01


def test_kommuner_ttl_equals_generated(tmp_path):
    out = tmp_path / "kommuner.ttl"
    subprocess.run([sys.executable, str(BUILD_SCRIPT), "--output", str(out)], check=True, cwd=REPO)
    committed = (CATALOG / "kommuner.ttl").read_text(encoding="utf-8")
    generated = out.read_text(encoding="utf-8")
    assert isomorphic(Graph().parse(data=generated, format="turtle"), graph("kommuner.ttl"))
    assert generated == committed, "catalog/kommuner.ttl is stale: run python3 scripts/build_catalog.py"


def test_build_script_reports_bad_rows(tmp_path):
    bad = tmp_path / "k.csv"
    rows = (CATALOG / "data" / "kommuner_2024.csv").read_text(encoding="utf-8").splitlines()
    rows[5] = rows[5].replace(rows[5].split(",")[0], "12x4", 1)
    bad.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.ttl"
    r = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--input", str(bad), "--output", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert r.returncode != 0
    assert "row 6" in r.stderr and "column code" in r.stderr
    assert not out.exists()


# --------------------------------------------------------------------------------------------------------
# catalogue ids


def _conventions_ids(label: str, stop: str) -> list[str]:
    text = CONVENTIONS.read_text(encoding="utf-8")
    section = text.split("## Catalogue ids everybody may rely on", 1)[1]
    part = section.split(label, 1)[1].split(stop, 1)[0]
    part = re.sub(r"\([^)]*\)", "", part)
    tokens = (t.strip().rstrip(".").strip() for t in part.replace("\n", " ").split(","))
    return [t for t in tokens if t]


@pytest.mark.skipif(not CONVENTIONS.exists(), reason="docs/CONVENTIONS.md not in this checkout")
def test_id_lists_here_match_conventions():
    assert _conventions_ids("Components:", "Integration platforms") == COMPONENT_IDS
    assert (
        set(_conventions_ids("Integration platforms (ea:integrationPlatform true):", "Standards:"))
        == INTEGRATION_PLATFORMS
    )
    assert _conventions_ids("Standards:", "Requirements:") == STANDARD_IDS
    assert _conventions_ids("Requirements:", "(inventory-completeness, contract") == REQUIREMENT_IDS


@pytest.mark.parametrize(
    ("ids", "cls", "ns"),
    [
        (COMPONENT_IDS, EA.NationalComponent, COMPONENT),
        (STANDARD_IDS, EA.Standard, STANDARD),
        (REQUIREMENT_IDS, EA.Requirement, REQUIREMENT),
    ],
)
def test_every_conventions_id_exists_with_right_class(ids, cls, ns):
    g = catalog()
    for i in ids:
        assert (ns[i], RDF.type, cls) in g, f"{ns[i]} is not an {cls}"


@pytest.mark.parametrize("cls", [EA.NationalComponent, EA.Standard, EA.Requirement])
def test_ea_id_equals_iri_tail_and_is_unique(cls):
    g = catalog()
    subjects = set(g.subjects(RDF.type, cls))
    for s in subjects:
        assert [str(o) for o in g.objects(s, EA.id)] == [str(s).rsplit("/", 1)[1]], s
    assert len(ids_of(cls)) == len(subjects)


def test_at_least_thirty_components():
    assert len(ids_of(EA.NationalComponent)) >= 30


def test_each_subject_is_in_one_class_and_one_file():
    seen: dict[URIRef, str] = {}
    for name in HAND_WRITTEN:
        for s in set(graph(name).subjects(RDF.type, None)):
            assert s not in seen, f"{s} in {seen.get(s)} and {name}"
            seen[s] = name


# --------------------------------------------------------------------------------------------------------
# sources, labels, concepts


@pytest.mark.parametrize("cls", [EA.NationalComponent, EA.Standard, EA.Requirement])
def test_every_catalogue_item_has_a_source_url(cls):
    g = catalog()
    for s in g.subjects(RDF.type, cls):
        srcs = list(g.objects(s, DCTERMS.source))
        assert srcs, f"{s} has no dct:source"
        for src in srcs:
            assert isinstance(src, URIRef) and re.match(r"https?://\S+$", str(src)), f"{s}: {src!r}"


@pytest.mark.parametrize("cls", [EA.NationalComponent, EA.Standard])
def test_components_and_standards_have_name_labels_status(cls):
    g = catalog()
    for s in g.subjects(RDF.type, cls):
        assert g.value(s, EA.name), s
        assert {"nb", "en"} <= langs(g, s, RDFS.label), s
        assert g.value(s, EA.status), s


def test_standards_have_identifier_and_area():
    g = catalog()
    for s in g.subjects(RDF.type, EA.Standard):
        assert g.value(s, DCTERMS.identifier), s
        assert g.value(s, EA.area), s


def test_every_concept_used_is_in_vocab():
    g, v = catalog(), vocab()
    used = 0
    for prop, scheme in CONCEPT_PROPERTIES.items():
        for s, o in g.subject_objects(prop):
            used += 1
            assert (o, RDF.type, SKOS.Concept) in v, (
                f"{s} {prop} {o}: not a skos:Concept of ontology/vocab.ttl"
            )
            assert str(o).startswith(str(VOCAB[scheme + "/"])), f"{s} {prop} {o}: not in the {scheme} scheme"
    assert used > 100


def test_object_references_resolve():
    g = catalog()
    expect = {
        EA.successor: None,
        EA.partOf: EA.NationalComponent,
        EA.requiresStandard: EA.Standard,
        EA.requiresComponent: EA.NationalComponent,
        DCTERMS.hasPart: EA.Standard,
    }
    for prop, cls in expect.items():
        for s, o in g.subject_objects(prop):
            types = set(g.objects(o, RDF.type))
            assert types, f"{s} {prop} {o}: unknown"
            if cls is not None:
                assert cls in types, f"{s} {prop} {o}: not an {cls}"
            else:
                assert types & set(g.objects(s, RDF.type)), f"{s} ea:successor {o}: different class"
    for s, o in g.subject_objects(RDFS.seeAlso):
        assert set(g.objects(o, RDF.type)), f"{s} rdfs:seeAlso {o}: unknown"


# --------------------------------------------------------------------------------------------------------
# components: domain facts


def test_integration_platforms_are_exactly_the_agreed_ones():
    g = catalog()
    flagged = {str(g.value(s, EA.id)) for s in g.subjects(EA.integrationPlatform, Literal(True))}
    assert flagged == INTEGRATION_PLATFORMS


def test_retired_components_and_successors():
    g = catalog()
    c = COMPONENT
    assert g.value(c["altinn-2"], EA.status) == STATUS("retired")
    assert str(g.value(c["altinn-2"], EA.retirementDate)) == "2026-06-19"
    assert g.value(c["altinn-2"], EA.successor) == c["altinn-3"]
    assert g.value(c["altinn-2"], EA.note) is not None  # execution after June 2026 is unverified
    assert g.value(c["krr-soap"], EA.status) == STATUS("retired")
    assert str(g.value(c["krr-soap"], EA.retirementDate)) == "2022-11-01"
    assert g.value(c["krr-soap"], EA.successor) == c["krr"]
    assert g.value(c["folkeregisteret-legacy"], EA.status) == STATUS("retired")
    assert g.value(c["folkeregisteret-legacy"], EA.successor) == c["folkeregisteret"]
    for s in g.subjects(EA.status, STATUS("retired")):
        if (s, RDF.type, EA.NationalComponent) in g:
            assert g.value(s, EA.successor) is not None, s


def test_part_of_platforms():
    g = catalog()
    for part in ("svarut", "svarinn", "fiks-io", "fiks-arkiv", "fiks-folkeregister", "fiks-protokoll"):
        assert (COMPONENT[part], EA.partOf, COMPONENT["ks-fiks"]) in g, part
    for part in ("adresseregisteret", "kjernejournal"):
        assert (COMPONENT[part], EA.partOf, COMPONENT["helsenettet"]) in g, part


def test_unverified_items_have_a_note():
    g = catalog()
    for s in g.subjects(EA.verified, Literal(False)):
        assert {"nb", "en"} <= langs(g, s, EA.note), s


# --------------------------------------------------------------------------------------------------------
# standards: domain facts


def test_removed_bruksomrader():
    g = catalog()
    for sid in ("html5", "html-4.01", "xhtml-1.0", "iso-639", "pki-kravspesifikasjon-2.0"):
        assert g.value(STANDARD[sid], EA.status) == STATUS("removed"), sid
    for sid in ("utf-8", "pdfa-1a", "tls-1.2", "en-301-549-v3.2.1", "ehf-billing-3.0", "noark-5"):
        assert g.value(STANDARD[sid], EA.status) == STATUS("active"), sid
    assert str(g.value(STANDARD["en-301-549-v3.2.1"], EA.version)).startswith("V3.2.1")


# --------------------------------------------------------------------------------------------------------
# requirements


def test_every_requirement_is_complete():
    g = catalog()
    reqs = list(g.subjects(RDF.type, EA.Requirement))
    assert len(reqs) >= len(REQUIREMENT_IDS)
    for r in reqs:
        assert {"nb", "en"} <= langs(g, r, DCTERMS.title), f"{r}: dct:title nb+en"
        assert {"nb", "en"} <= langs(g, r, EA.description), f"{r}: ea:description nb+en"
        assert g.value(r, EA.legalBasis), f"{r}: no ea:legalBasis"
        assert g.value(r, EA.levelKommune) in {KRAV, ANBEFALING, GOD_PRAKSIS}, f"{r}: no level for kommuner"
        assert len(list(g.objects(r, EA.levelKommune))) == 1, r
        assert g.value(r, EA.area), f"{r}: no ea:area"
        assert g.value(r, EA.status), f"{r}: no ea:status"
        assert g.value(r, EA.verified) is not None, f"{r}: no ea:verified"
        assert g.value(r, DCTERMS.source), f"{r}: no dct:source"


def test_unverified_requirements_are_never_krav():
    g = catalog()
    for r in g.subjects(EA.verified, Literal(False)):
        if (r, RDF.type, EA.Requirement) in g:
            assert g.value(r, EA.levelKommune) != KRAV, r
            assert g.value(r, EA.levelState) != KRAV, r


def test_levels_follow_the_verified_domain_facts():
    g = catalog()
    level = {
        str(g.value(r, EA.id)): g.value(r, EA.levelKommune) for r in g.subjects(RDF.type, EA.Requirement)
    }
    for rid in (
        "its-4-pdf-publish",
        "its-5-pdfa-email",
        "its-8-utf8",
        "its-9-unicode-internal",
        "its-10-ehf",
        "its-11-https",
        "its-12-ipv6",
        "its-13-html5",
        "its-14-open-standards",
        "uu-4b-wcag",
        "uu-4e-statement",
        "arkivforskrifta-5",
        "arkivlova-14-preservation",
        "eforv-8-krr",
        "eforv-15-isms",
        "helse-4-adresseregister",
        "helse-5-ebxml",
        "helse-6-plo",
        "helse-9-helsenettet",
        "helse-10-kjernejournal",
    ):
        assert level[rid] == KRAV, rid
    for rid in (
        "digital-post",
        "idporten-login",
        "maskinporten-m2m",
        "helse-9-helseid",
        "hsts",
        "dnssec",
        "dcat-ap-no",
    ):
        assert level[rid] == ANBEFALING, rid
    for rid in GOOD_PRACTICE:
        assert level[rid] == GOD_PRAKSIS, rid


def test_good_practice_claims_no_legal_basis():
    g = catalog()
    for rid in GOOD_PRACTICE:
        r = REQUIREMENT[rid]
        bases = {(str(o), o.language) for o in g.objects(r, EA.legalBasis)}
        assert ("God praksis (ingen hjemmel)", "nb") in bases, rid
        assert any(lang == "en" and "no legal basis" in text for text, lang in bases), rid


def test_legal_bases_and_dates_from_the_addendum():
    g = catalog()
    r = REQUIREMENT
    assert str(g.value(r["its-8-utf8"], EA.legalBasis)) == "ITS-forskriften (FOR-2013-04-05-959) § 8"
    assert str(g.value(r["its-11-https"], EA.legalBasis)).startswith(
        "ITS-forskriften (FOR-2013-04-05-959) § 11"
    )
    assert str(g.value(r["its-12-ipv6"], EA.legalBasis)).startswith(
        "ITS-forskriften (FOR-2013-04-05-959) § 12"
    )
    assert str(g.value(r["its-13-html5"], EA.legalBasis)).startswith(
        "ITS-forskriften (FOR-2013-04-05-959) § 13"
    )
    assert (
        str(g.value(r["its-14-open-standards"], EA.legalBasis)) == "ITS-forskriften (FOR-2013-04-05-959) § 14"
    )
    assert str(g.value(r["arkivforskrifta-5"], EA.legalBasis)) == "Arkivforskrifta (FOR-2025-12-17-2647) § 5"
    assert (
        r["arkivforskrifta-5"],
        EA.requiresStandard,
        STANDARD["noark-5"],
    ) not in g  # Noark 5 is not a duty
    assert str(g.value(r["eforv-8-krr"], EA.validFrom)) == "2016-01-01"
    assert str(g.value(r["helse-10-kjernejournal"], EA.validFrom)) == "2026-01-01"
    assert "FOR-2015-07-01-853" in str(g.value(r["helse-9-helseid"], EA.legalBasis))
    assert (r["uu-4b-wcag"], EA.requiresStandard, STANDARD["en-301-549-v3.2.1"]) in g


def test_catalogue_metadata():
    g = graph("catalog.ttl")
    node = URIRef("https://w3id.org/ea-repo/catalog")
    assert {"nb", "en"} <= langs(g, node, DCTERMS.title)
    assert str(g.value(node, DCTERMS.hasVersion)) == "2026.11"
    assert str(g.value(node, URIRef("http://www.w3.org/2002/07/owl#versionInfo"))) == "2026.11"
    assert g.value(node, DCTERMS.modified) is not None
    assert len(list(g.objects(node, DCTERMS.source))) >= 5


# --------------------------------------------------------------------------------------------------------
# issue 13: the national solutions the catalogue lacked, and external partners' systems

NEW_COMPONENTS = ("feide", "fiks-digisos", "fellestjenester-bygg", "digihelsestasjon", "vkp", "helsenorge", "e-resept")
PARTNERS = ("husbanken-startlan", "husbanken-bostotte", "landbruksdirektoratet-estil-pt", "landbruksdirektoratet",
            "skatteetaten", "nav-sosialhjelp-soknad", "ika-rogaland", "ika-ost", "helseforetak", "helse-bergen",
            "vestre-viken")
PARTNER_NS = "https://w3id.org/ea-repo/catalog/partner/"


def _has_source(g, s):
    srcs = list(g.objects(s, DCTERMS.source))
    return bool(srcs) and all(isinstance(x, URIRef) and re.match(r"https?://\S+$", str(x)) for x in srcs)


@pytest.mark.parametrize("cid", NEW_COMPONENTS)
def test_new_components_have_owner_status_source(cid):
    g = catalog()
    s = COMPONENT[cid]
    assert (s, RDF.type, EA.NationalComponent) in g
    assert g.value(s, EA.owningOrganisation), cid
    assert g.value(s, EA.status) is not None and _has_source(g, s), cid
    assert {"nb", "en"} <= langs(g, s, EA.description), cid


@pytest.mark.parametrize("pid", PARTNERS)
def test_partners_have_owner_party_status_source(pid):
    g = catalog()
    s = URIRef(PARTNER_NS + pid)
    assert (s, RDF.type, EA.ExternalSystem) in g and str(g.value(s, EA.id)) == pid
    org = g.value(s, EA.ownedBy)
    assert (org, RDF.type, EA.ExternalOrganisation) in g, pid
    assert g.value(org, EA.name) and g.value(org, EA.party) is not None and g.value(org, EA.partnerKind) is not None
    assert g.value(s, EA.status) is not None and _has_source(g, s) and _has_source(g, org), pid
    assert {"nb", "en"} <= langs(g, s, RDFS.label) and g.value(s, EA.verified) is not None, pid
    if g.value(s, EA.verified).toPython() is False:
        assert {"nb", "en"} <= langs(g, s, EA.note), f"{pid}: unverified without a note"
    for orgnr in g.objects(org, EA.orgnr):
        assert re.fullmatch(r"\d{9}", str(orgnr)), org


def test_partner_parties_and_kinds():
    g = catalog()
    party = {str(g.value(o, EA.id)): str(g.value(o, EA.party)).rsplit("/", 1)[-1]
             for o in g.subjects(RDF.type, EA.ExternalOrganisation)}
    assert party["husbanken"] == party["nav"] == party["skatteetaten"] == party["helseforetak"] == "state"
    assert party["ika-rogaland"] == party["ika-ost"] == "other-kommune"  # owned by the kommuner it serves
    kinds = {str(g.value(o, EA.partnerKind)).rsplit("/", 1)[-1] for o in g.subjects(RDF.type, EA.ExternalOrganisation)}
    assert kinds == {"state-agency", "archive-depot", "health-trust"}


def test_partner_ids_cannot_clash_with_system_ids():
    from ea_repo.catalog import partner_ids
    from ea_repo.namespaces import ID_PATTERN

    assert set(partner_ids()) == set(PARTNERS)
    assert not any(ID_PATTERN.match("partner:" + p) for p in PARTNERS)  # ':' is not allowed in a system id


def test_new_categories_have_labels_in_both_languages():
    g = vocab()
    for c in ("landbruk", "bolig-startlan", "kvalitet-avvik", "velferdsteknologi"):
        s = VOCAB[f"category/{c}"]
        assert str(g.value(s, SKOS.notation)) == c and {"nb", "en"} <= langs(g, s, SKOS.prefLabel), c
    for scheme, notations in (("confidence", {"confirmed", "assumed", "shared-unconfirmed"}),
                              ("integrationstatus", {"live", "planned", "retired", "unknown"}),
                              ("direction", {"provider-to-consumer", "both", "unknown"})):
        found = {str(g.value(s, SKOS.notation)) for s in g.subjects(RDF.type, SKOS.Concept)
                 if str(s).startswith(str(VOCAB[f"{scheme}/"]))}
        assert found == notations, scheme


def test_cli_catalog_partners_lists_them():
    from click.testing import CliRunner

    from ea_repo.cli import cli

    r = CliRunner().invoke(cli, ["catalog", "partners", "--json"])
    assert r.exit_code == 0, r.output
    import json

    rows = {x["id"]: x for x in json.loads(r.output)}
    assert set(rows) == {f"partner:{p}" for p in PARTNERS}
    assert rows["partner:husbanken-startlan"]["owner"] == "Husbanken" and rows["partner:husbanken-startlan"]["party"] == "state"
    r = CliRunner().invoke(cli, ["catalog", "components"])
    assert all(c in r.output for c in ("feide", "fiks-digisos", "fellestjenester-bygg", "digihelsestasjon", "vkp"))
