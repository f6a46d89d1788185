"""A repository on a SPARQL 1.1 server: the part of pyoxigraph's ``Store`` interface that ``Repository`` uses,
spoken over the SPARQL 1.1 Protocol (query, update) and the Graph Store HTTP Protocol (reading a whole graph).

    --repo http://127.0.0.1:7878        Oxigraph server: query at /query, update at /update, graphs at /store
    EA_REPO_QUERY_URL / EA_REPO_UPDATE_URL / EA_REPO_STORE_URL   other endpoint paths (another server's layout)
    EA_REPO_USER + EA_REPO_PASSWORD (HTTP basic) or EA_REPO_TOKEN (bearer); TLS certificates are verified

Every write is ONE update request (one transaction on the server) and carries the revision the command read:
the request first swaps the revision stamp in graph/meta from the one read to a new one, and every operation
after it holds only while the stamp is the new one. When someone else wrote in between, the swap finds
another stamp, nothing is written, and the write fails with a conflict message.

Terms go into queries only as pyoxigraph writes them (N-Triples syntax, escaped); inventory text is never
pasted into a query as text.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator

import pyoxigraph as ox

from .errors import UsageError
from .i18n import msg

META = "https://w3id.org/ea-repo/graph/meta"
REPO_NODE = "https://w3id.org/ea-repo/id/repository"
REVISION = "https://w3id.org/ea-repo/ont#revision"
WROTE = "https://w3id.org/ea-repo/ont#wroteRevision"  # one per write that went through: whether ours did
GRAPHS = "https://w3id.org/ea-repo/graph/"
TIMEOUT = float(os.environ.get("EA_REPO_HTTP_TIMEOUT", "60"))


def is_url(location) -> bool:
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


class RemoteLocation(str):
    """A server URL where a folder path would be: it always exists (the command line asks)."""

    def exists(self) -> bool:
        return True

    def is_dir(self) -> bool:
        return False


class Solution:
    """One row of a SELECT answer: by variable name or position, unbound = None (as pyoxigraph answers)."""

    def __init__(self, names: list[str], values: dict):
        self._names, self._values = names, values

    def __getitem__(self, key):
        name = self._names[key] if isinstance(key, int) else key
        return self._values.get(name)

    def __iter__(self):
        return (self._values.get(n) for n in self._names)


def _term(b: dict):
    kind = b["type"]
    if kind == "uri":
        return ox.NamedNode(b["value"])
    if kind == "bnode":
        return ox.BlankNode(b["value"])
    if "xml:lang" in b:
        return ox.Literal(b["value"], language=b["xml:lang"])
    if "datatype" in b:
        return ox.Literal(b["value"], datatype=ox.NamedNode(b["datatype"]))
    return ox.Literal(b["value"])


_IRI = re.compile(r"<[^\s<>\"{}|^`\\]*>")


def split_update(text: str) -> list[str]:
    """A SPARQL update as its operations (split at the ';' outside braces, strings and IRIs)."""
    ops, depth, start, i, n = [], 0, 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c == "<" and (m := _IRI.match(text, i)):
            i = m.end() - 1
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == ";" and depth == 0:
            ops.append(text[start:i])
            start = i + 1
        i += 1
    ops.append(text[start:])
    return [op.strip() for op in ops if op.strip()]


_DROP = re.compile(r"DROP\s+SILENT\s+GRAPH\s+(<[^>]*>)\Z", re.S)
_ADD = re.compile(r"ADD\s+(<[^>]*>)\s+TO\s+(<[^>]*>)\Z", re.S)
_INSERT = re.compile(r"INSERT\s+DATA\s*\{(.*)\}\Z", re.S)
_DELETE = re.compile(r"DELETE\s+WHERE\s*\{(.*)\}\Z", re.S)


def guarded(ops: list[str], read: str | None, new: str) -> str:
    """One update request: swap the revision stamp READ -> NEW, then every operation only while it is NEW."""
    stamp, value = f"<{REPO_NODE}> <{REVISION}>", ox.Literal(new)
    guard = f"GRAPH <{META}> {{ {stamp} {value} }}"
    mark = f"GRAPH <{META}> {{ {stamp} {value} . <{REPO_NODE}> <{WROTE}> {value} }}"
    if read is None:  # a repository nobody has written to yet: the stamp is set only where there is none
        out = [f"INSERT {{ {mark} }} WHERE {{ FILTER NOT EXISTS {{ GRAPH <{META}> {{ {stamp} ?any }} }} }}"]
    else:
        out = [f"DELETE {{ GRAPH <{META}> {{ {stamp} ?r }} }} INSERT {{ {mark} }} "
               f"WHERE {{ GRAPH <{META}> {{ {stamp} ?r }} FILTER(?r = {ox.Literal(read)}) }}"]
    for op in ops:
        if m := _DROP.match(op):
            out.append(f"DELETE {{ GRAPH {m[1]} {{ ?s ?p ?o }} }} WHERE {{ {guard} GRAPH {m[1]} {{ ?s ?p ?o }} }}")
        elif m := _ADD.match(op):
            out.append(f"INSERT {{ GRAPH {m[2]} {{ ?s ?p ?o }} }} WHERE {{ {guard} GRAPH {m[1]} {{ ?s ?p ?o }} }}")
        elif m := _INSERT.match(op):
            out.append(f"INSERT {{ {m[1]} }} WHERE {{ {guard} }}")
        elif m := _DELETE.match(op):
            out.append(f"DELETE {{ {m[1]} }} WHERE {{ {guard} {m[1]} }}")
        else:  # a fault in ea-repo, not in the input: every write it makes has one of the forms above
            raise ValueError(f"an update operation the remote store cannot guard: {op[:80]}")
    return " ;\n".join(out)


class RemoteStore:
    """The pyoxigraph ``Store`` methods ``Repository`` calls, over HTTP."""

    def __init__(self, url: str, *, read_only: bool = False):
        import requests

        root = url.rstrip("/")
        self.url = root
        self.query_url = os.environ.get("EA_REPO_QUERY_URL") or f"{root}/query"
        self.update_url = os.environ.get("EA_REPO_UPDATE_URL") or f"{root}/update"
        self.store_url = os.environ.get("EA_REPO_STORE_URL") or f"{root}/store"
        self.read_only = read_only
        self.http = requests.Session()
        user, token = os.environ.get("EA_REPO_USER"), os.environ.get("EA_REPO_TOKEN")
        if user:
            self.http.auth = (user, os.environ.get("EA_REPO_PASSWORD", ""))
        elif token:
            self.http.headers["Authorization"] = f"Bearer {token}"
        self.revision = self._revision()  # what this command read: its writes carry it

    # -- HTTP ------------------------------------------------------------------------------------
    def _post(self, endpoint: str, body: str, content_type: str, accept: str | None = None):
        import requests

        headers = {"Content-Type": content_type, **({"Accept": accept} if accept else {})}
        try:
            r = self.http.post(endpoint, data=body.encode("utf-8"), headers=headers, timeout=TIMEOUT, verify=True)
        except requests.RequestException as exc:
            raise UsageError(msg(f"the SPARQL server at {self.url} cannot be reached ({exc.__class__.__name__}); "
                                 "check the URL and that the server runs",
                                 f"SPARQL-tjeneren på {self.url} svarer ikke ({exc.__class__.__name__}); sjekk adressen "
                                 "og at tjeneren kjører")) from None
        if r.status_code in (401, 403):
            raise UsageError(msg(f"the SPARQL server at {self.url} refused the request (HTTP {r.status_code}); "
                                 "set EA_REPO_USER and EA_REPO_PASSWORD, or EA_REPO_TOKEN",
                                 f"SPARQL-tjeneren på {self.url} avviste forespørselen (HTTP {r.status_code}); sett "
                                 "EA_REPO_USER og EA_REPO_PASSWORD, eller EA_REPO_TOKEN"))
        if r.status_code >= 400:
            detail = " ".join(r.text.split())[:300]
            raise UsageError(msg(f"the SPARQL server at {self.url} answered HTTP {r.status_code}: {detail}",
                                 f"SPARQL-tjeneren på {self.url} svarte HTTP {r.status_code}: {detail}"))
        return r

    def query(self, sparql: str):
        """SELECT: a list of Solution rows; ASK: a bool; CONSTRUCT/DESCRIBE: a list of triples."""
        r = self._post(self.query_url, sparql, "application/sparql-query",
                       "application/sparql-results+json, application/n-triples;q=0.9")
        kind = r.headers.get("Content-Type", "").split(";")[0].strip()
        if kind == "application/n-triples":
            return list(ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES))
        doc = r.json()
        if "boolean" in doc:
            return bool(doc["boolean"])
        names = doc["head"].get("vars", [])
        return [Solution(names, {k: _term(v) for k, v in row.items()}) for row in doc["results"]["bindings"]]

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise UsageError(msg("the repository is open read-only", "repositoryet er åpnet skrivebeskyttet"))
        new = uuid.uuid4().hex
        self._post(self.update_url, guarded(split_update(sparql), self.revision, new), "application/sparql-update")
        if not self.query(f"ASK {{ GRAPH <{META}> {{ <{REPO_NODE}> <{WROTE}> {ox.Literal(new)} }} }}"):
            now = self._revision()
            raise UsageError(msg(
                f"someone else wrote to the repository at {self.url} since this command read it (revision {now}); "
                "nothing was written: run the command again",
                f"noen andre har skrevet til repositoryet på {self.url} siden denne kommandoen leste det (revisjon "
                f"{now}); ingenting ble skrevet: kjør kommandoen på nytt"))
        self.revision = new  # (if someone wrote since, the stamp is theirs: this command's next write conflicts)

    def _revision(self) -> str | None:
        rows = self.query(f"SELECT ?r WHERE {{ GRAPH <{META}> {{ <{REPO_NODE}> <{REVISION}> ?r }} }}")
        return rows[0]["r"].value if rows else None

    # -- the Store interface ---------------------------------------------------------------------
    def quads_for_pattern(self, s, p, o, g) -> Iterator:
        if s is None and p is None and o is None and g is not None:
            return iter(self._graph(g))
        terms = {"s": s, "p": p, "o": o}
        pattern = " ".join(str(t) if t is not None else f"?{k}" for k, t in terms.items())
        where = f"GRAPH {g} {{ {pattern} }}" if g is not None else \
            f"GRAPH ?g {{ {pattern} }} FILTER(STRSTARTS(STR(?g), \"{GRAPHS}\"))"
        out = []
        for row in self.query(f"SELECT * WHERE {{ {where} }}"):
            out.append(ox.Quad(s or row["s"], p or row["p"], o or row["o"], g or row["g"]))
        return iter(out)

    def _graph(self, g) -> list:
        """A whole named graph through the Graph Store Protocol (N-Triples)."""
        import requests

        try:
            r = self.http.get(self.store_url, params={"graph": g.value}, headers={"Accept": "application/n-triples"},
                              timeout=TIMEOUT, verify=True)
        except requests.RequestException as exc:
            raise UsageError(msg(f"the SPARQL server at {self.url} cannot be reached ({exc.__class__.__name__})",
                                 f"SPARQL-tjeneren på {self.url} svarer ikke ({exc.__class__.__name__})")) from None
        if r.status_code == 404:
            return []
        if r.status_code >= 400:
            raise UsageError(msg(f"the SPARQL server at {self.url} answered HTTP {r.status_code} for graph {g.value}",
                                 f"SPARQL-tjeneren på {self.url} svarte HTTP {r.status_code} for grafen {g.value}"))
        return [ox.Quad(t.subject, t.predicate, t.object, g) for t in ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES)]

    def named_graphs(self) -> Iterator:
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{GRAPHS}\")) }}")
        return iter(sorted((r["g"] for r in rows), key=lambda n: n.value))

    def contains_named_graph(self, g) -> bool:
        return self.query(f"ASK {{ GRAPH {g} {{ ?s ?p ?o }} }}")

    def __iter__(self) -> Iterator:
        out = []
        for g in self.named_graphs():
            out += self._graph(g)
        return iter(out)

    def __contains__(self, quad) -> bool:
        return self.query(f"ASK {{ GRAPH {quad.graph_name} {{ {quad.subject} {quad.predicate} {quad.object} }} }}")

    def add(self, quad) -> None:
        self.update(f"INSERT DATA {{ GRAPH {quad.graph_name} {{ {quad.subject} {quad.predicate} {quad.object} }} }}")

    def flush(self) -> None:
        pass

    def optimize(self) -> None:
        pass
