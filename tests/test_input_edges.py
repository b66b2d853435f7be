"""The rough edges of bad input and runaway queries: each gets a clear message, exit 2, no traceback."""

from __future__ import annotations

import pytest

from airoles_kg.cli import main
from airoles_kg.core.errors import AirolesError
from airoles_kg.sparql import engine as sparql_engine
from airoles_kg.sparql.engine import QueryEngine, QueryTimeout

BOM = b"\xef\xbb\xbf"
ROLE = b"@prefix ex: <http://e/> .\nex:a ex:b ex:c .\n"
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_turtle_with_a_byte_order_mark_is_read(tmp_path, capsys):
    data = tmp_path / "bom.ttl"
    data.write_bytes(BOM + ROLE)
    code, out, _ = run(capsys, "validate", str(data), "--lang", "en")
    assert code == 0 and out.strip().endswith("conforms — 0 violation(s), 0 warning(s), 0 info(s)")
    query = "SELECT (COUNT(*) AS ?n) WHERE { <http://e/a> ?p ?o }"
    code, out, _ = run(capsys, "query", "-e", query, "--data", str(data), "--format", "csv", "-q")
    assert (code, out.split()) == (0, ["n", "1"])


def test_an_update_is_named_as_such(capsys):
    code, out, err = run(capsys, "query", "-e", "PREFIX ex: <http://e/>\nINSERT DATA { ex:a ex:b ex:c }")
    assert code == 2 and out == ""
    assert "INSERT makes this a SPARQL update" in err and "read-only" in err
    assert "expected CONSTRUCT" not in err


def test_an_output_under_a_file_says_which_file_is_in_the_way(tmp_path, capsys):
    blocker = tmp_path / "hostname"
    blocker.write_text("x\n", encoding="utf-8")
    code, _, err = run(capsys, "export", "--format", "turtle", "-o", str(blocker / "x.ttl"))
    assert code == 2
    assert f"cannot write {blocker / 'x.ttl'}: {blocker} is a file, not a directory" in err


def test_an_empty_data_file_is_an_error_as_in_validate(tmp_path, capsys):
    empty = tmp_path / "empty.ttl"
    empty.write_bytes(b"\n  \n")
    code, out, err = run(
        capsys, "query", "roles-in-family", "-p", "family=airoles:ManagementRole", "--data", str(empty)
    )
    assert (code, out) == (2, "") and f"{empty}: file is empty" in err
    code, _, err = run(capsys, "validate", str(empty))
    assert code == 2 and f"{empty}: file is empty" in err


def test_a_query_past_its_memory_cap_ends_alone_with_a_clear_message(capsys):
    code, out, err = run(capsys, "query", "-e", CARTESIAN, "--max-memory", "0.3", "-q")
    assert (code, out) == (2, "")
    assert "the query needed more than 307 MiB of memory and was stopped" in err
    assert "memory allocation" not in err and "backtrace" not in err  # pyoxigraph's own abort is silenced
    code, out, _ = run(capsys, "query", "-e", "ASK { ?s ?p ?o }", "-q")  # the next query runs as usual
    assert (code, out.strip()) == (0, "true")


def test_the_timeout_hint_names_the_cli_option_only_in_the_cli(monkeypatch, capsys):
    engine = QueryEngine.load(external=False)
    with pytest.raises(QueryTimeout) as caught:
        engine.run(CARTESIAN, timeout=0.5)
    assert "--timeout" not in str(caught.value)  # the explorer shows this message to web visitors
    code, _, err = run(capsys, "query", "-e", CARTESIAN, "--timeout", "0.5")
    assert code == 3 and "raise the limit with --timeout SECONDS" in err


def test_the_explorers_limits_are_below_the_clis():
    from airoles_kg.explorer.pages import sparql as page

    assert page.MAX_TIMEOUT < sparql_engine.DEFAULT_TIMEOUT
    assert page.MAX_MEMORY < sparql_engine.DEFAULT_MEMORY_LIMIT
    assert isinstance(page.MAX_MEMORY, int)


def test_memory_cap_error_is_an_airoles_error():
    engine = QueryEngine.load(external=False)
    engine.memory_limit = 300 * 1024**2
    with pytest.raises(AirolesError, match="needed more than 300 MiB"):
        engine.run(CARTESIAN, timeout=60)


def test_a_line_longer_than_16_mib_is_read_or_named(tmp_path, capsys):
    """pyoxigraph's parser buffers at most 16 MiB of a line: validate reads such a file (rdflib, no
    narrowing); query --data, which needs pyoxigraph, names the file and the reason."""
    data = tmp_path / "long.ttl"
    data.write_text('@prefix ex: <http://e/> .\nex:a ex:b "' + "x" * 17_000_000 + '" .\n', encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(data), "--lang", "en", "-q")
    assert code == 0 and out.strip().endswith("conforms — 0 violation(s), 0 warning(s), 0 info(s)")
    code, out, err = run(capsys, "query", "-e", "ASK { ?s ?p ?o }", "--data", str(data), "-q")
    assert (code, out) == (2, "") and f"{data}: a line is longer than pyoxigraph reads (16 MiB)" in err
