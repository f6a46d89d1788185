"""A repository on a SPARQL 1.1 server: the part of pyoxigraph's ``Store`` interface that ``Repository`` uses,
spoken over the SPARQL 1.1 Protocol (query, update) and the Graph Store HTTP Protocol (reading a whole graph).

    --repo http://127.0.0.1:7878        Oxigraph server: query at /query, update at /update, graphs at /store
    EA_REPO_QUERY_URL / EA_REPO_UPDATE_URL / EA_REPO_STORE_URL   other endpoint paths (another server's layout)
    EA_REPO_USER + EA_REPO_PASSWORD (HTTP basic; EA_REPO_AUTH=digest for HTTP digest, as Virtuoso's
        /sparql-auth asks) or EA_REPO_TOKEN (bearer); TLS certificates are verified

Queries and updates are sent as form-encoded POST (query=… / update=…, both in the SPARQL 1.1 Protocol;
Virtuoso never answers a direct application/sparql-query body). Internal existence tests are
``SELECT … LIMIT 1``, not ASK (Virtuoso answers ASK as a one-column table). An answer the server cut short
(Virtuoso's ResultSetMaxRows caps SELECT, CONSTRUCT and Graph Store reads alike, silently for the last two)
is an error, never a partial repository: a SELECT capped by the server says so (X-SPARQL-MaxRows) and every
whole-graph read is checked against the graph's COUNT.

Every write is ONE update request (one transaction, where the server makes it one) and carries the revision
the command read:
the request first swaps the revision stamp in graph/meta from the one read to a new one, and every operation
after it holds only while the stamp is the new one. When someone else wrote in between, the swap finds
another stamp, nothing is written, and the write fails with a conflict message. A large INSERT DATA is
staged in parts in graphs of its own and copied under the guard (see ``_insert``). That a request is one
transaction is the server's promise: Oxigraph keeps it; Virtuoso 7.2 does not roll back the operations before
one that fails while running (tested: an INSERT DATA before a failing LOAD stays), so on Virtuoso a write
that fails half-way (out of space, a timeout) can leave part of it: the command says the server's error.

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
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
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
    if kind == "bnode":  # (Virtuoso names them nodeID://b1234: an id as its N-Triples answers write it)
        return ox.BlankNode(re.sub(r"[^A-Za-z0-9_]", "", b["value"].removeprefix("nodeID://")) or "b")
    if "xml:lang" in b:
        return ox.Literal(b["value"], language=b["xml:lang"])
    if "datatype" in b:  # ("typed-literal", the SPARQL JSON of 2008, too)
        value = b["value"]
        if b["datatype"] == XSD_BOOLEAN:  # the canonical form: Virtuoso writes booleans as 1 and 0 in JSON
            value = {"1": "true", "0": "false"}.get(value, value)
        return ox.Literal(value, datatype=ox.NamedNode(b["datatype"]))
    return ox.Literal(b["value"])


def _rdf_format(r):
    """The RDF syntax of a graph answer by its Content-Type (None: not a graph: SPARQL results)."""
    kind = r.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if kind in ("application/n-triples", "text/plain"):  # (text/plain: N-Triples' media type before RDF 1.1)
        return ox.RdfFormat.N_TRIPLES
    if kind in ("text/turtle", "application/x-turtle"):
        return ox.RdfFormat.TURTLE
    return None


_IRI = re.compile(r"<[^\s<>\"{}|^`\\]*>")
# the query form after the prologue (PREFIX and BASE declarations, comments)
_FORM = re.compile(r"(?:\s+|#[^\n]*\n|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


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


SMALL = 100  # triples an INSERT DATA may carry as a guarded template (INSERT {…} WHERE {guard})
PART = 2000  # triples in one INSERT DATA operation: Virtuoso's SPARQL parser gives up near 5,000 ("memory exhausted")


def _lines(quads) -> str:
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def _in_graph(g, body: str) -> str:
    return body if isinstance(g, ox.DefaultGraph) else f"GRAPH {g} {{ {body} }}"


def _insert(data: str, guard: str, stage: str) -> list[str]:
    """A guarded INSERT DATA. Small ones, and ones with blank nodes (which are one node only within one
    template), become one template. Larger ones go in parts of PART triples, unguarded, into a staging graph
    per target graph (STAGE-1, STAGE-2, … outside ea-repo's graph IRIs), are copied from there only while the
    stamp is the new one, and the staging graph is dropped in any case: a large template is slow on Virtuoso
    (it compiles templates into SQL; INSERT DATA it stores as data) and past ~5,000 triples refused."""
    quads = list(ox.parse(data, format=ox.RdfFormat.TRIG))
    if not quads:
        return []  # (an empty GRAPH block is a syntax error to Virtuoso)
    by_graph: dict = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(q)
    if len(quads) <= SMALL or any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
        return ["INSERT { " + "\n".join(_in_graph(g, _lines(qs)) for g, qs in by_graph.items()) + f" }} WHERE {{ {guard} }}"]
    out = []
    for k, (g, qs) in enumerate(by_graph.items(), 1):
        st = f"<{stage}-{k}>"
        out += [f"INSERT DATA {{ GRAPH {st} {{\n{_lines(qs[i:i + PART])}\n}} }}" for i in range(0, len(qs), PART)]
        out.append(f"INSERT {{ {_in_graph(g, '?s ?p ?o')} }} WHERE {{ {guard} GRAPH {st} {{ ?s ?p ?o }} }}")
        out.append(f"DROP SILENT GRAPH {st}")
    return out


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
    for n, op in enumerate(ops):
        if m := _DROP.match(op):
            out.append(f"DELETE {{ GRAPH {m[1]} {{ ?s ?p ?o }} }} WHERE {{ {guard} GRAPH {m[1]} {{ ?s ?p ?o }} }}")
        elif m := _ADD.match(op):
            out.append(f"INSERT {{ GRAPH {m[2]} {{ ?s ?p ?o }} }} WHERE {{ {guard} GRAPH {m[1]} {{ ?s ?p ?o }} }}")
        elif m := _INSERT.match(op):
            out += _insert(m[1], guard, f"urn:ea-repo:staging:{new}:{n}")
        elif m := _DELETE.match(op):
            out.append(f"DELETE {{ {m[1]} }} WHERE {{ {guard} {m[1]} }}")
        else:  # a fault in ea-repo, not in the input: every write it makes has one of the forms above
            raise ValueError(f"an update operation the remote store cannot guard: {op[:80]}")
    return " ;\n".join(out)


class RemoteStore:
    """The pyoxigraph ``Store`` methods ``Repository`` calls, over HTTP."""

    def __init__(self, url: str, *, read_only: bool = False):
        import requests
        import requests.auth

        root = url.rstrip("/")
        self.url = root
        self.query_url = os.environ.get("EA_REPO_QUERY_URL") or f"{root}/query"
        self.update_url = os.environ.get("EA_REPO_UPDATE_URL") or f"{root}/update"
        self.store_url = os.environ.get("EA_REPO_STORE_URL") or f"{root}/store"
        self.read_only = read_only
        self.http = requests.Session()
        user, token = os.environ.get("EA_REPO_USER"), os.environ.get("EA_REPO_TOKEN")
        if user:
            password = os.environ.get("EA_REPO_PASSWORD", "")
            scheme = (os.environ.get("EA_REPO_AUTH") or "basic").lower()
            if scheme not in ("basic", "digest"):
                raise UsageError(msg(f"EA_REPO_AUTH is '{scheme}': it is basic or digest",
                                     f"EA_REPO_AUTH er '{scheme}': den er basic eller digest"))
            self.http.auth = requests.auth.HTTPDigestAuth(user, password) if scheme == "digest" else (user, password)
        elif token:
            self.http.headers["Authorization"] = f"Bearer {token}"
        self.revision = self._revision()  # what this command read: its writes carry it

    # -- HTTP ------------------------------------------------------------------------------------
    def _post(self, endpoint: str, field: str, body: str, accept: str | None = None):
        """A form-encoded POST (field=query or update): the one form every SPARQL 1.1 server takes."""
        import requests

        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
                   **({"Accept": accept} if accept else {})}
        try:
            r = self.http.post(endpoint, data={field: body.encode("utf-8")}, headers=headers, timeout=TIMEOUT,
                               verify=True)
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
        graph = _FORM.match(sparql) is not None and _FORM.match(sparql)[1].upper() in ("CONSTRUCT", "DESCRIBE")
        r = self._post(self.query_url, "query", sparql,  # (Virtuoso answers a CONSTRUCT in the form asked first)
                       "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8" if graph else
                       "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8")
        if (fmt := _rdf_format(r)) is not None:
            return list(ox.parse(r.content, format=fmt))
        if r.headers.get("X-SPARQL-MaxRows"):  # Virtuoso cut the answer at its ResultSetMaxRows
            raise self._capped()
        doc = r.json()
        if "boolean" in doc:
            return bool(doc["boolean"])
        names = doc["head"].get("vars", [])
        rows = doc["results"]["bindings"]
        if names == ["__ASK_RETVAL"] and len(rows) == 1:  # Virtuoso answers ASK as a one-cell table
            return rows[0]["__ASK_RETVAL"]["value"] not in ("0", "false")
        return [Solution(names, {k: _term(v) for k, v in row.items()}) for row in rows]

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise UsageError(msg("the repository is open read-only", "repositoryet er åpnet skrivebeskyttet"))
        new = uuid.uuid4().hex
        self._post(self.update_url, "update", guarded(split_update(sparql), self.revision, new))
        if not self._exists(f"GRAPH <{META}> {{ <{REPO_NODE}> <{WROTE}> {ox.Literal(new)} }}"):
            now = self._revision()
            raise UsageError(msg(
                f"someone else wrote to the repository at {self.url} since this command read it (revision {now}); "
                "nothing was written: run the command again",
                f"noen andre har skrevet til repositoryet på {self.url} siden denne kommandoen leste det (revisjon "
                f"{now}); ingenting ble skrevet: kjør kommandoen på nytt"))
        self.revision = new  # (if someone wrote since, the stamp is theirs: this command's next write conflicts)

    def _exists(self, pattern: str) -> bool:
        """Whether PATTERN has a match (SELECT … LIMIT 1: an ASK Virtuoso answers as a table, not a boolean)."""
        return bool(self.query(f"SELECT * WHERE {{ {pattern} }} LIMIT 1"))

    def _capped(self) -> UsageError:
        return UsageError(msg(
            f"the SPARQL server at {self.url} answered only part of what the repository holds (its answers are "
            "capped, or the repository changed while being read); on Virtuoso raise ResultSetMaxRows in the "
            "[SPARQL] section of virtuoso.ini",
            f"SPARQL-tjeneren på {self.url} svarte med bare en del av det repositoryet har (svarene er begrenset, "
            "eller repositoryet ble endret mens det ble lest); på Virtuoso: øk ResultSetMaxRows i [SPARQL]-delen "
            "av virtuoso.ini"))

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
        triples = list(ox.parse(r.content, format=_rdf_format(r) or ox.RdfFormat.N_TRIPLES))
        if triples:  # a server may cut a graph short without a word (Virtuoso does, at ResultSetMaxRows)
            held = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
            if int(held[0]["n"].value) > len(triples):
                raise self._capped()
        return [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples]

    def named_graphs(self) -> Iterator:
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{GRAPHS}\")) }}")
        return iter(sorted((r["g"] for r in rows), key=lambda n: n.value))

    def contains_named_graph(self, g) -> bool:
        return self._exists(f"GRAPH {g} {{ ?s ?p ?o }}")

    def __iter__(self) -> Iterator:
        out = []
        for g in self.named_graphs():
            out += self._graph(g)
        return iter(out)

    def __contains__(self, quad) -> bool:
        return self._exists(f"GRAPH {quad.graph_name} {{ {quad.subject} {quad.predicate} {quad.object} }}")

    def add(self, quad) -> None:
        self.update(f"INSERT DATA {{ GRAPH {quad.graph_name} {{ {quad.subject} {quad.predicate} {quad.object} }} }}")

    def flush(self) -> None:
        pass

    def optimize(self) -> None:
        pass
