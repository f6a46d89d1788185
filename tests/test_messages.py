"""Error messages in bokmål and English: every error a user can cause is written in both (a convention test over
the source), and the CLI prints them in the language asked for (--lang on the command line, else $EA_REPO_LANG,
else the locale), for a set of realistic mistakes."""

from __future__ import annotations

import ast
import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ea_repo.cli import cli
from ea_repo.errors import InputError, InputErrors, UsageError
from ea_repo.i18n import locale_language, msg

from conftest import DATA

SOURCE = Path(__file__).resolve().parent.parent / "ea_repo"
ERRORS = {"UsageError", "InputError", "KlassError", "ServerError"}


def _literal(node) -> bool:
    """A text written in one language at the call (a string, an f-string, or one of them joined or chosen)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _literal(node.left) or _literal(node.right)
    if isinstance(node, ast.IfExp):
        return _literal(node.body) or _literal(node.orelse)
    return False


def test_every_error_text_is_given_in_both_languages():
    bad = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name not in ERRORS:
                continue
            texts = node.args[:1] + [k.value for k in node.keywords if k.arg in ("problem", "hint")]
            if any(_literal(t) for t in texts):
                bad.append(f"{path.relative_to(SOURCE.parent)}:{node.lineno}")
    assert not bad, "write these errors with ea_repo.i18n.msg(english, bokmål):\n" + "\n".join(bad)


def test_rendering_in_either_language():
    e = InputError(msg("'x' is not an allowed value", "'x' er ikke en tillatt verdi"), file="a.csv", sheet="systems",
                   row=3, column="lifecycle", cell="G3", hint=msg("allowed: a, b", "tillatt: a, b"))
    assert str(e) == "a.csv, sheet 'systems', row 3, column 'lifecycle' (G3): 'x' is not an allowed value — allowed: a, b"
    assert e.render("nb") == "a.csv, ark 'systems', rad 3, kolonne 'lifecycle' (G3): 'x' er ikke en tillatt verdi — tillatt: a, b"
    many = InputErrors([e, InputError(msg("no", "nei"), file="a.csv", sheet="systems", row=4, column="name")])
    assert many.render("nb").startswith("2 feil i det som ble lest inn; ingenting ble skrevet.")
    assert str(many).startswith("2 problems in the input; nothing was written.")
    assert UsageError(msg("give --all", "oppgi --all")).render("nb") == "oppgi --all"


@pytest.mark.parametrize("env,lang", [({"EA_REPO_LANG": "nb"}, "nb"), ({"LANG": "nb_NO.UTF-8"}, "nb"),
                                      ({"LC_ALL": "nn_NO.UTF-8", "LANG": "en_GB.UTF-8"}, "nb"),
                                      ({"LANG": "en_US.UTF-8"}, "en"), ({}, "en"),
                                      ({"EA_REPO_LANG": "en", "LANG": "nb_NO.UTF-8"}, "en")])
def test_the_language_comes_from_the_environment(env, lang):
    assert locale_language(env) == lang


# English words that never occur in a bokmål message (ids, values and commands aside; not "unknown", a lifecycle value)
ENGLISH = re.compile(r"\b(the|is not|does not|cannot|should|must|give|write|found|neither|allowed|only)\b")


def _bad_inventories(tmp: Path) -> list[tuple[str, list[str]]]:
    """Mistakes a user makes, each as the arguments of one command."""
    import shutil

    cases = []

    def copy(name: str) -> Path:
        dst = tmp / name
        shutil.copytree(DATA / "mini", dst)
        return dst

    d = copy("value")
    f = d / "systems.csv"
    f.write_text(f.read_text(encoding="utf-8").replace(",production,", ",prod,", 1), encoding="utf-8")
    cases.append(("bad value", ["import", str(d), "--kommune", "4631", "--dry-run"]))
    d = copy("column")
    f = d / "systems.csv"
    f.write_text(f.read_text(encoding="utf-8").replace("contractEnd", "contractEnds", 1), encoding="utf-8")
    cases.append(("unknown column", ["import", str(d), "--kommune", "4631", "--dry-run"]))
    d = copy("reference")
    f = d / "integrations.csv"
    rows = list(csv.reader(f.read_text(encoding="utf-8").splitlines()))
    rows[1][rows[0].index("provider")] = "websak"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    f.write_text(buf.getvalue(), encoding="utf-8")
    cases.append(("unknown reference", ["import", str(d), "--kommune", "4631", "--dry-run"]))
    (tmp / "empty.json").write_text("", encoding="utf-8")
    cases.append(("empty file", ["import", str(tmp / "empty.json"), "--kommune", "4631", "--dry-run"]))
    (tmp / "broken.json").write_text("{\n  x\n}", encoding="utf-8")
    cases.append(("broken json", ["import", str(tmp / "broken.json"), "--kommune", "4631", "--dry-run"]))
    (tmp / "inv.ods").write_text("x", encoding="utf-8")
    cases.append(("file type", ["import", str(tmp / "inv.ods"), "--kommune", "4631", "--dry-run"]))
    cases.append(("missing file", ["import", str(tmp / "nope.xlsx"), "--kommune", "4631", "--dry-run"]))
    cases.append(("unknown kommune", ["import", str(DATA / "mini"), "--kommune", "463", "--dry-run"]))
    cases.append(("nothing to check", ["check", "--repo", str(tmp / "repo")]))
    cases.append(("excel without csv", ["check", "--kommune", "4631", "--excel", "--repo", str(tmp / "repo")]))
    cases.append(("no such kommune held", ["gaps", "--kommune", "4630", "--repo", str(tmp / "repo")]))
    cases.append(("missing out folder", ["check", "--kommune", "4631", "--repo", str(tmp / "repo"), "--format", "json",
                                        "--out", str(tmp / "no-folder" / "x.json")]))
    return cases


def test_mistakes_are_reported_in_bokmål_when_asked(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(DATA / "mini"), "--repo", str(tmp_path / "repo")]).exit_code == 0
    for name, args in _bad_inventories(tmp_path):
        en = runner.invoke(cli, args, env={"EA_REPO_LANG": "en"})
        nb = runner.invoke(cli, [*args, "--lang", "nb"], env={"EA_REPO_LANG": "en"})
        by_env = runner.invoke(cli, args, env={"EA_REPO_LANG": "nb"})
        assert en.exit_code == nb.exit_code == by_env.exit_code == 2, (name, en.output, nb.output)
        assert en.output.startswith("error: "), (name, en.output)
        assert nb.output.startswith("feil: ") and nb.output == by_env.output, (name, nb.output)
        text = nb.output.split(": ", 1)[1]
        for path in (str(tmp_path), str(DATA)):
            text = text.replace(path, "")
        assert not ENGLISH.search(re.sub(r"'[^']*'|`[^`]*`|--[a-z-]+", "", text)), (name, nb.output)
