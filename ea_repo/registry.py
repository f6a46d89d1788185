"""The rule registry: every rule by code, read from the compiled reference data (ea_repo/compiled.py).

The SHACL rules' records are built from the shape files and the catalogue by ea_repo/rules.py on first use
and cached by digest; reading them here needs neither rdflib nor a shape parse, so `ea-repo rules` and the
start of every check are quick. The graph-analysis rules come from ea_repo/gaprules.py; register() adds more.
"""

from __future__ import annotations

import dataclasses
from functools import cache

from . import compiled, paths
from .rulemeta import SEVERITIES, Rule, RuleError

_registered: dict[str, Rule] = {}


def _records() -> list[dict]:
    from .rules import _rule_records  # parses the shapes: only when the cache has no entry

    return _rule_records()


_TUPLE_FIELDS = tuple(f.name for f in dataclasses.fields(Rule) if str(f.type).startswith("tuple"))


@cache
def _shacl_rules() -> dict[str, Rule]:
    """The SHACL rules from the compiled reference data (ea_repo/compiled.py) (built from the shape files and the catalogue on first use)."""
    folder = paths.shapes_dir()
    rules: dict[str, Rule] = {}
    for rec in compiled.json_entry("rules.json", _records):
        rec = {**rec, "path": folder / rec["path"], **{k: tuple(rec[k]) for k in _TUPLE_FIELDS}}
        rules[rec["code"]] = Rule(**rec)
    return dict(sorted(rules.items()))


def waivable_codes(known: dict[str, Rule] | None = None) -> set[str]:
    """The codes a waiver may name: every rule's code and its former codes (aliases)."""
    known = load_rules() if known is None else known
    return set(known) | {a for r in known.values() for a in r.aliases}


def load_rules() -> dict[str, Rule]:
    """Every rule by code: the SHACL rules from shapes/ (with their requirement's level, basis and source
    from the catalogue), the graph-analysis rules of ea_repo.gaps (loaded here, explicitly, so the
    registry never depends on what happens to be imported) and any rule added with register()."""
    from .gaprules import RULES as GAP_RULES

    rules = dict(_shacl_rules())
    for code, rule in {**GAP_RULES, **_registered}.items():
        if code in rules and rules[code] != rule:
            raise RuleError(f"rule {code}: defined twice")
        rules[code] = rule
    return dict(sorted(rules.items()))


def register(rule: Rule) -> None:
    """Add a non-SHACL rule (e.g. a graph gap analysis, EA-GAP-...) to the registry. Registering the same
    rule again is a no-op; a different rule under a taken code is an error."""
    if rule.severity not in SEVERITIES:
        raise RuleError(f"rule {rule.code}: severity {rule.severity!r} is not one of {SEVERITIES}")
    if rule.code in _shacl_rules():
        raise RuleError(f"rule {rule.code}: the code is taken by {_shacl_rules()[rule.code].path}")
    old = _registered.get(rule.code)
    if old is not None and old != rule:
        raise RuleError(f"rule {rule.code}: registered twice with different definitions")
    _registered[rule.code] = rule


def resolve_code(code: str) -> str | None:
    """The current code for a code or an old alias (so waivers naming an old code still apply)."""
    rules = load_rules()
    if code in rules:
        return code
    return next((r.code for r in rules.values() if code in r.aliases), None)
