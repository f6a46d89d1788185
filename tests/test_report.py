"""The HTML report, without a browser: numbers equal the JSON writer, text is escaped, the structure is
sound, gap findings get their own section, waivers and trends show. (tests/test_report_browser.py opens the
pages in real headless Chromium.)"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import html as lxml_html

from ea_repo.cli import cli
from ea_repo.inventory import EXAMPLE_INVENTORIES, import_inventory
from ea_repo.report import INDEX, build_reports, write_reports
from ea_repo.store import Repository
from ea_repo.writers import write_json

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 1)
CHECKED_AT = "2026-11-01T12:00:00Z"
XSS = "<script>alert(1)</script>"


def make_repo(path: Path, inventories) -> Path:
    repo = Repository(path)
    try:
        for code, files in inventories:
            import_inventory(repo, [Path(f) for f in files], code)
    finally:
        repo.close()
    return path


def demo_repo(path: Path) -> Path:
    return make_repo(path, [(code, [ROOT / "examples" / rel]) for code, rel in EXAMPLE_INVENTORIES])


def xss_inventory(tmp: Path) -> Path:
    """The mini test inventory with a system named <script>alert(1)</script>."""
    dst = tmp / "xss-inventory"
    shutil.copytree(ROOT / "tests" / "data" / "mini", dst)
    systems = dst / "systems.csv"
    systems.write_text(systems.read_text(encoding="utf-8").replace("Public 360", XSS, 1), encoding="utf-8")
    return dst


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    repo = demo_repo(tmp_path_factory.mktemp("demo") / "repo")
    return repo, build_reports(repo, today=TODAY, checked_at=CHECKED_AT, jobs=1)


def counts_on_page(page: str) -> dict[str, int]:
    doc = lxml_html.fromstring(page)
    return {dd.get("data-bucket"): int(dd.text_content()) for dd in doc.xpath("//section[@id='summary']//dd[@data-bucket]")}


def test_summary_numbers_equal_the_json_writer(demo):
    _, reports = demo
    doc = json.loads(write_json(reports.result))
    assert sorted(reports.pages) == ["3301-plan.html", "3301.html", "4630-plan.html", "4630.html", "4631-plan.html", "4631.html",
                                     INDEX]  # each kommune page with its plan (ea_repo/plan)
    for code, expected in doc["summary"]["by_kommune"].items():
        assert counts_on_page(reports.pages[f"{code}.html"]) == expected
    assert counts_on_page(reports.pages[INDEX]) == {b: doc["summary"][b] for b in ("violation", "warning", "info", "not-known", "waived")}
    index = lxml_html.fromstring(reports.pages[INDEX])
    for row in index.xpath("//table[@id='k-table']/tbody/tr"):
        code = row.get("data-kommune")
        assert int(row.xpath(".//td[@data-col='violation']")[0].text_content()) == doc["summary"]["by_kommune"][code]["violation"]
        assert row.xpath(".//th//a")[0].get("href") == f"{code}.html"


def test_every_finding_is_listed_with_rule_texts_and_source(demo):
    _, reports = demo
    for code in ("3301", "4630", "4631"):
        page = lxml_html.fromstring(reports.pages[f"{code}.html"])
        findings = [f for f in reports.result.findings if f.kommune == code and f.answer == "not-met"]
        unknown = [f for f in reports.result.findings if f.kommune == code and f.answer == "not-known"]
        listed = page.xpath("//section[@id='findings' or @id='gaps']//details//tbody/tr")
        assert len(listed) == len(findings)
        assert len(page.xpath("//section[@id='not-known']//details//tbody/tr")) == len(unknown)
        assert len(page.xpath("//section[@id='gaps']//details//tbody/tr")) == sum(f.origin == "gap" for f in findings)
        for rule in {f.rule for f in findings}:
            group = page.xpath(f"//*[@id='rule-{rule}']")[0]
            f = next(f for f in findings if f.rule == rule)
            assert f.text("remedy") in group.text_content()
            if f.source_url:
                assert group.xpath(".//a[@href=$u]", u=f.source_url)


class _Structure(HTMLParser):
    VOID = {"meta", "link", "br", "img", "input", "hr", "col", "area", "base", "wbr", "source", "rect", "path", "circle"}

    def __init__(self):
        super().__init__()
        self.stack, self.ids, self.headings, self.errors, self.lang = [], [], [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.append(a["id"])
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        if tag in ("script", "link") and (a.get("src") or (a.get("rel") == "stylesheet")):
            self.errors.append(f"external resource <{tag}>")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


@pytest.mark.parametrize("name", ["4631.html", INDEX])
def test_structure_lang_headings_ids_and_no_external_resources(demo, name):
    page = demo[1].pages[name]
    p = _Structure()
    p.feed(page)
    assert page.startswith("<!DOCTYPE html>")
    assert p.lang == "nb"
    assert not p.errors and not p.stack
    assert len(p.ids) == len(set(p.ids)), "duplicate ids"
    assert p.headings[0] == 1 and p.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(p.headings, p.headings[1:], strict=False)), p.headings
    assert "http://" not in page.split("<body", 1)[0] and "https://" not in page.split("<body", 1)[0]


def test_page_shows_components_inventory_landscape_and_trace(demo):
    repo, reports = demo
    page = lxml_html.fromstring(reports.pages["4630.html"])
    assert "Fiktiv systemoversikt" in page.xpath("//*[@class='fictional']")[0].text_content()
    assert page.xpath("//section[@id='components']//li")
    assert len(page.xpath("//table[@id='sys-table']/tbody/tr")) == 56
    svg = page.xpath("//section[@id='landscape']//svg")[0]
    assert svg.get("role") == "img" and len(svg.xpath(".//g[contains(@class, 'node')]")) >= 56
    r = Repository(repo, read_only=True)
    try:
        files = r.imports("4630")[-1].files
    finally:
        r.close()
    trace = page.xpath("//*[@id='trace']")[0].text_content()
    assert all(sha in trace for _, sha in files) and reports.result.catalog_version in trace


def test_script_in_a_system_name_renders_as_text(tmp_path):
    repo = make_repo(tmp_path / "repo", [("4631", [xss_inventory(tmp_path)])])
    reports = build_reports(repo, kommuner=["4631"], today=TODAY, checked_at=CHECKED_AT, jobs=1)
    page = reports.pages["4631.html"]
    doc = lxml_html.fromstring(page)
    assert len(doc.xpath("//script")) == 1 and "alert(1)" not in doc.xpath("//script")[0].text
    assert XSS in doc.xpath("//*[@id='sys-table']")[0].text_content()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_gap_findings_get_their_own_section_and_are_highlighted(tmp_path):
    repo = make_repo(tmp_path / "repo", [("4631", [ROOT / "tests" / "data" / "mini"])])
    page = lxml_html.fromstring(build_reports(repo, kommuner=["4631"], today=TODAY, checked_at=CHECKED_AT, jobs=1)
                                .pages["4631.html"])
    gaps = page.xpath("//*[@id='gaps']")[0]
    assert "EA-GAP-002" in gaps.text_content()
    assert "EA-GAP-002" not in page.xpath("//*[@id='findings']")[0].text_content()
    # every row of a gap group carries its own message (the system and data it is about), not the first row's
    rows = gaps.xpath(".//details[@id='rule-EA-GAP-002']//tbody/tr")
    assert len(rows) >= 2 and len({r.xpath("./td")[1].text_content() for r in rows}) == len(rows)
    # a node a gap finding names carries the purple corner mark; its outline stays the severity colour
    marked = page.xpath("//section[@id='landscape']//g[contains(@class, 'node')][path[@class='gap-mark']]")
    assert marked and not page.xpath("//section[@id='landscape']//rect[@stroke-dasharray]")


def test_waivers_and_trend_are_shown(tmp_path):
    mini = tmp_path / "mini"
    shutil.copytree(ROOT / "tests" / "data" / "mini", mini)
    repo = make_repo(tmp_path / "repo", [("4631", [mini])])
    first = build_reports(repo, kommuner=["4631"], today=TODAY, checked_at=CHECKED_AT, jobs=1)
    before = counts_on_page(first.pages["4631.html"])
    assert not lxml_html.fromstring(first.pages["4631.html"]).xpath("//table[contains(@class, 'trend')]")
    f = next(f for f in first.result.findings if f.severity == "violation" and "/system/" in f.focus)
    sys_id = f.focus.rsplit("/", 1)[-1]
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(yaml.safe_dump({"waivers": [{
        "rule": f.rule, "kommune": "4631", "system": sys_id, "justification": "Byttes ut i 2027",
        "approved_by": "IKT-sjef", "expires": "2027-06-30"}]}, allow_unicode=True), encoding="utf-8")
    # a second import with one more system like the offending one: the first import becomes the previous one
    rows = (mini / "systems.csv").read_text(encoding="utf-8").splitlines()
    rows.append(next(r for r in rows if r.startswith(sys_id + ",")).replace(sys_id, sys_id + "-copy", 1))
    (mini / "systems.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    make_repo(repo, [("4631", [mini])])
    page = build_reports(repo, kommuner=["4631"], waivers_file=waivers, today=TODAY, checked_at=CHECKED_AT,
                         jobs=1).pages["4631.html"]
    doc = lxml_html.fromstring(page)
    assert "Byttes ut i 2027" in doc.xpath(f"//*[@id='rule-{f.rule}']")[0].text_content() and "2027-06-30" in page
    now = counts_on_page(page)
    assert now["waived"] == 1
    rows = {r.xpath("th")[0].text_content(): [c.text_content() for c in r.xpath("td")]
            for r in doc.xpath("//table[contains(@class, 'trend')]/tbody/tr")}
    # previous = the first inventory checked with the same waivers; the copy brings its own violation back
    assert rows["Unntak"] == ["1", "1", "+0"]
    assert rows["Brudd"] == [str(before["violation"] - 1), str(now["violation"]), f"{now['violation'] - before['violation'] + 1:+d}"]
    assert now["violation"] >= before["violation"]


def test_english_and_cli(tmp_path, demo):
    repo, _ = demo
    runner = CliRunner()
    out = tmp_path / "out"
    res = runner.invoke(cli, ["report", "--repo", str(repo), "-k", "4630", "--out", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    page = (out / "4630.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Compliance report" in page and not (out / INDEX).exists()
    res = runner.invoke(cli, ["report", "--repo", str(repo), "--out", str(out)])
    assert res.exit_code == 2 and "--all" in res.output
    res = runner.invoke(cli, ["report", "--repo", str(repo), "--all", "--out", str(out), "-q"])
    assert res.exit_code == 0 and res.output == "" and (out / INDEX).exists()


def test_demo_writes_reports_and_prints_index(tmp_path):
    res = CliRunner().invoke(cli, ["demo", "--repo", str(tmp_path / "repo"), "--out", str(tmp_path / "reports")])
    assert res.exit_code == 0, res.output
    index = tmp_path / "reports" / INDEX
    assert index.exists() and str(index.resolve()) in res.output


def test_write_reports_leaves_no_part_files(demo, tmp_path):
    written = write_reports(demo[1].pages, tmp_path / "w")
    assert {p.name for p in written} == set(demo[1].pages) and not list((tmp_path / "w").glob("*.part"))


# --- score, coverage, not known, provenance and age ------------------------------------------------------


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """The fully stated mini inventory (4631) beside the sparse one (4630)."""
    return make_repo(tmp_path_factory.mktemp("mixed") / "repo", [("4631", [ROOT / "tests" / "data" / "mini"]),
                                                                 ("4630", [ROOT / "tests" / "data" / "sparse"])])


def test_score_and_coverage_side_by_side_and_index_sorted_by_neither(mixed):
    reports = build_reports(mixed, today=TODAY, checked_at=CHECKED_AT, jobs=1)
    doc = json.loads(write_json(reports.result))
    index = lxml_html.fromstring(reports.pages[INDEX])
    rows = index.xpath("//table[@id='k-table']/tbody/tr")
    assert [r.get("data-kommune") for r in rows] == ["4630", "4631"]  # by kommunenummer
    for r in rows:
        a = doc["summary"]["assessment"][r.get("data-kommune")]
        assert r.xpath(".//td[@data-col='score']")[0].text_content().strip() == f"{a['score']:.0f} %"
        assert r.xpath(".//td[@data-col='coverage']")[0].text_content().strip() == f"{a['coverage']:.0f} %"
    sparse = doc["summary"]["assessment"]["4630"]
    assert sparse["coverage"] < doc["summary"]["assessment"]["4631"]["coverage"] and sparse["score"] <= sparse["coverage"]
    page = lxml_html.fromstring(reports.pages["4630.html"])
    assert page.xpath("//p[@data-coverage]")[0].get("data-coverage") == f"{sparse['coverage']:.0f}"
    unknown = page.xpath("//section[@id='not-known']")[0]
    assert "not-known" not in page.xpath("//section[@id='findings']")[0].text_content()
    assert len(unknown.xpath(".//details//tbody/tr")) == doc["summary"]["by_kommune"]["4630"]["not-known"]


def test_an_area_with_nothing_known_reads_not_assessed(mixed):
    page = lxml_html.fromstring(build_reports(mixed, kommuner=["4630"], today=TODAY, checked_at=CHECKED_AT, jobs=1)
                                .pages["4630.html"])
    cells = [r.xpath("./td")[0].text_content().strip() for r in page.xpath("//table[@id='area-table']/tbody/tr")]
    assert "ikke vurdert" in cells and "100 %" not in cells


def test_the_inventory_date_source_and_age_are_shown(mixed):
    fresh = build_reports(mixed, kommuner=["4631"], today=TODAY, checked_at=CHECKED_AT, jobs=1).pages["4631.html"]
    page = lxml_html.fromstring(fresh)
    provenance = page.xpath("//dl[contains(@class, 'provenance')]")[0].text_content()
    assert "2026-10-01" in provenance and "Invented for ea-repo's tests." in provenance
    assert not page.xpath("//p[contains(@class, 'old')]")
    later = dt.date(2029, 1, 1)
    old = build_reports(mixed, kommuner=["4631"], today=later, checked_at=CHECKED_AT, jobs=1).pages["4631.html"]
    note = lxml_html.fromstring(old).xpath("//p[contains(@class, 'old')]")
    assert note and "2026-10-01" in note[0].text_content()
    kept = build_reports(mixed, kommuner=["4631"], today=later, checked_at=CHECKED_AT, jobs=1, max_age_days=5 * 365)
    assert not lxml_html.fromstring(kept.pages["4631.html"]).xpath("//p[contains(@class, 'old')]")


# --- what a newcomer read wrong (issue 16) ---------------------------------------------------------------


def _page(reports, name):
    return lxml_html.fromstring(reports.pages[name])


def test_landscape_outline_agrees_with_the_tables_most_severe_finding(demo):
    _, reports = demo
    for code in ("3301", "4630", "4631"):
        page = _page(reports, f"{code}.html")
        table = {r.get("id")[len("sys-"):]: r.xpath("./td[@data-col='worst']//*[contains(@class, 'badge')]")
                 for r in page.xpath("//table[@id='sys-table']/tbody/tr")}
        nodes = page.xpath("//section[@id='landscape']//g[contains(@class, 'node') and contains(@data-iri, '/system/')]")
        assert len(nodes) == len(table)
        for n in nodes:
            badge = table[n.get("data-iri").rsplit("/", 1)[-1]]
            assert n.get("data-sev") == (badge[0].get("class").split()[-1] if badge else ""), n.get("data-iri")
        assert {n.get("data-sev") for n in nodes} >= {"violation", "warning"}
        legend = page.xpath("//section[@id='landscape']//ul[@class='legend']")[0].text_content()
        assert all(w in legend for w in ("brudd", "advarsel", "lilla"))


def test_each_row_of_a_gap_group_carries_its_own_basis_and_names_not_ids(demo):
    _, reports = demo
    page = _page(reports, "4631.html")
    group = page.xpath("//details[@id='rule-EA-GAP-001']")[0]
    rows = [" ".join(r.text_content().split()) for r in group.xpath(".//tbody/tr")]
    archive = [r for r in rows if "Arkivrelevante data" in r]
    assert archive and all("Arkivforskrifta" in r for r in archive)
    assert all("Arkivforskrifta" not in r for r in rows if "Matrikkelen" in r)
    assert "Arkivforskrifta" not in group.xpath(".//div[@class='rule-body']/p")[0].text_content()
    altinn = " ".join(page.xpath("//details[@id='rule-EA-GAP-006']")[0].text_content().split())
    assert "Altinn 2" in altinn and "etterfølger Altinn 3" in altinn
    for name in ("3301.html", "4630.html", "4631.html"):
        text = reports.pages[name]
        assert "component:" not in text and "partner:" not in text
        assert "plan-matrikkel" not in text and "residents" not in text  # gap profile ids: the page names them


def test_norwegian_wording_on_norwegian_pages(demo):
    _, reports = demo
    for name, text in reports.pages.items():
        body = " ".join(lxml_html.fromstring(text).xpath("//body")[0].text_content().split())
        assert " 1 flyter" not in body and "tabular" not in body and " rows)" not in body, name
    assert "Nasjonal oversikt" not in reports.pages[INDEX]


def test_the_index_shows_adoption_apart_from_the_kommune_table(demo):
    _, reports = demo
    index = _page(reports, INDEX)
    assert len(index.xpath("//table[@id='k-table']/thead//th")) <= 10
    in_use: dict[str, list[int]] = {}
    for code in ("3301", "4630", "4631"):
        for li in _page(reports, f"{code}.html").xpath("//section[@id='components']//ul[@class='chips']/li"):
            name, _, flows = li.text_content().partition(" · ")
            in_use.setdefault(name.strip(), []).append(int(flows.split()[0]))
    rows = index.xpath("//table[@id='adopt-table']/tbody/tr")
    assert {r.xpath("./th")[0].text_content().strip() for r in rows} >= set(in_use)
    for r in rows:  # components no kommune uses are listed too, with 0 of 3
        name = r.xpath("./th")[0].text_content().strip()
        users = in_use.get(name, [])
        assert r.xpath("./td")[0].text_content().split()[:3] == [str(len(users)), "av", "3"], name
        assert int(r.xpath("./td")[1].text_content()) == sum(users), name
    matrix = index.xpath("//table[@id='adopt-matrix']")[0]
    heads = [h.text_content().strip() for h in matrix.xpath("./thead//th")[1:]]
    for i, name in enumerate(heads):
        marks = matrix.xpath(f"./tbody/tr/td[{i + 1}][contains(@class, 'yes')]")
        assert len(marks) == len(in_use.get(name, [])), name


def test_the_whole_landscape_is_reachable_and_its_labels_are_names_not_stubs(demo):
    """The picture scales to its region (a viewBox, no fixed width) inside a region that scrolls and takes keyboard
    focus, so no part is cut off; a label is clipped only when the name is long, and the tooltip has it whole."""
    _, reports = demo
    for code in ("3301", "4630", "4631"):
        page = _page(reports, f"{code}.html")
        region = page.xpath("//section[@id='landscape']//div[contains(@class, 'picture')]")[0]
        assert "scroll" in region.get("class") and region.get("tabindex") == "0" and region.get("role") == "region"
        svg = region.xpath(".//svg")[0]
        assert svg.get("viewbox") and len(svg.get("viewbox").split()) == 4 and "landscape" in svg.get("class")
        nodes = region.xpath(".//g[contains(@class, 'node') and contains(@data-iri, '/system/')]")
        clipped = 0
        for n in nodes:
            label = n.xpath("./text")[0].text_content()
            if label.endswith("…"):
                clipped += 1
                assert label[:-1] in n.xpath("./title")[0].text_content(), label
        assert clipped <= len(nodes) // 10, (code, clipped, len(nodes))


def test_pages_made_in_worker_processes_equal_those_made_in_one(tmp_path):
    """report --all checks each kommune and its previous import in the check's workers and renders the pages in
    worker processes too: the same pages, trend and måltavle as one process makes, byte for byte."""
    repo = demo_repo(tmp_path / "repo")
    older = json.loads((ROOT / "examples" / "3301-drammen.json").read_text(encoding="utf-8"))
    older["integrations"] = older["integrations"][:-5]
    for s in older["systems"][:6]:
        s["lifecycle"] = "phase-out"
    (tmp_path / "older.json").write_text(json.dumps(older, ensure_ascii=False), encoding="utf-8")
    make_repo(repo, [("3301", [tmp_path / "older.json"]), ("3301", [ROOT / "examples" / "3301-drammen.json"])])
    one = build_reports(repo, today=TODAY, checked_at=CHECKED_AT, jobs=1)
    many = build_reports(repo, today=TODAY, checked_at=CHECKED_AT, jobs=2)
    assert sorted(one.result.previous) == sorted(many.result.previous) and "3301" in one.result.previous
    assert one.result.previous["3301"].findings == many.result.previous["3301"].findings
    assert list(one.pages) == list(many.pages) and len(one.pages) >= 2 * len(one.result.kommuner)
    for name in one.pages:
        assert one.pages[name] == many.pages[name], name
    assert one.scoreboards == many.scoreboards and len(one.scoreboards["3301"]) >= 2
    trend = lxml_html.fromstring(many.pages["3301.html"]).xpath("//table[contains(@class, 'trend')]")
    assert trend  # the previous import is checked and shown
