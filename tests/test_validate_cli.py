"""``airoles validate``: the project's graph, others' files, report formats and languages, exit codes, and
inputs that cannot be read (exit 2, a message naming the file, no traceback)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from airoles_kg import cli
from airoles_kg.core import paths
from airoles_kg.shacl import validate_files

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "shacl"
HR_TEAM = FIXTURES / "conforming" / "hr-team.ttl"
WITH_ERRORS = FIXTURES / "user-with-errors.ttl"
WARNINGS_ONLY = FIXTURES / "user-warnings-only.ttl"


def run(capsys, *args):
    code = cli.main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args):
    code, out, err = run(capsys, *args, "--format", "json")
    return code, json.loads(out), err


# --- The project's own graph ---------------------------------------------------------------------------


def test_no_file_validates_the_project_graph(world_root, capsys):
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    # French by default, like the other commands
    assert out.strip() == "airoles: conforme — 0 violation(s), 0 avertissement(s), 0 info(s)"


def test_project_graph_violation_exits_1_and_names_the_node(world_root, capsys):
    kb = world_root / "ontology" / "kb" / "world.ttl"
    kb.write_text(kb.read_text(encoding="utf-8").replace("airoles:amount 2950 ;", "airoles:amount -2950 ;"))
    code, report, _ = run_json(capsys)
    assert code == 1
    assert report["summary"]["violations"] == 1 and report["summary"]["conforms"] is False
    [result] = report["results"]
    assert result["focus_node"] == "salary:chef-de-projet-ia-debutant"
    assert (result["path"], result["value"], result["shape"]) == (
        "airoles:amount",
        '"-2950"^^xsd:integer',
        "airsh:SalaryAmountShape",
    )


# --- Others' files ---------------------------------------------------------------------------------------


def test_a_conforming_file_linking_to_our_roles_skills_and_sources(world_root, capsys):
    code, report, _ = run_json(capsys, HR_TEAM)
    assert code == 0
    assert report["results"] == []
    assert report["summary"] == {
        "conforms": True,
        "passed": True,
        "fail_on": "violation",
        "violations": 0,
        "warnings": 0,
        "infos": 0,
        "focus_nodes": 0,
        "validated": [str(HR_TEAM)],
    }


def test_the_same_file_alone_fails_where_it_links_to_our_nodes(tmp_path, capsys, world_root):
    # Validated against an empty knowledge base, the links to our skill, role and article no longer resolve:
    # this is why others' files are validated together with our knowledge base.
    (world_root / "ontology" / "kb" / "world.ttl").unlink()
    code, report, _ = run_json(capsys, HR_TEAM)
    assert code == 1
    shapes = {r["shape"] for r in report["results"]}
    assert {
        "airsh:SkillRequirementSkillShape",
        "airsh:TransitionFromShape",
        "airsh:SourceIsDocumentShape",
    } <= shapes


def test_a_file_with_errors_reports_only_its_own_nodes(world_root, capsys):
    code, report, _ = run_json(capsys, WITH_ERRORS)
    assert code == 1
    found = {(r["focus_node"], r["shape"], r["path"], r["value"], r["severity"]) for r in report["results"]}
    assert found == {
        (
            "hr:lien-python",
            "airsh:SkillRequirementImportanceShape",
            "airoles:importance",
            '"haute"',
            "Violation",
        ),
        (
            "hr:transition-boucle",
            "airsh:TransitionDistinctRolesShape",
            "airoles:toRole",
            "role:chef-de-projet-ia",
            "Violation",
        ),
        (
            "hr:salaire",
            "airsh:SalaryRangeOrderShape",
            "airoles:minAmount",
            '"60000"^^xsd:integer',
            "Violation",
        ),
        (
            "hr:mission-orpheline",
            "airsh:MissionRoleShape",
            "airoles:missionOf|^airoles:hasMission",
            None,
            "Violation",
        ),
    }
    assert report["summary"]["violations"] == 4 and report["summary"]["focus_nodes"] == 4
    assert set(report["results"][0]) == {"focus_node", "path", "value", "severity", "message", "shape"}


def test_errors_in_our_graph_are_not_reported_on_someone_elses_file(world_root, capsys):
    kb = world_root / "ontology" / "kb" / "world.ttl"
    kb.write_text(kb.read_text(encoding="utf-8").replace("airoles:amount 2950 ;", "airoles:amount -2950 ;"))
    code, report, _ = run_json(capsys, HR_TEAM)
    assert code == 0 and report["results"] == []


def test_several_files_are_validated_together(world_root, capsys):
    code, report, _ = run_json(capsys, HR_TEAM, WARNINGS_ONLY)
    assert code == 0
    assert report["summary"]["warnings"] == 2
    assert report["summary"]["validated"] == [str(HR_TEAM), str(WARNINGS_ONLY)]


def test_warnings_pass_unless_strict(world_root, capsys):
    code, out, _ = run(capsys, WARNINGS_ONLY, "--lang", "en")
    assert code == 0
    assert "[warning] path: airoles:hasMission|^airoles:missionOf" in out
    assert "hr:analyste-ia — AI analyst" in out
    assert out.splitlines()[-1] == f"{WARNINGS_ONLY}: no violations (2 warning(s), 0 info(s))"
    code, out, _ = run(capsys, WARNINGS_ONLY, "--strict", "--lang", "en")
    assert code == 1
    assert "does not conform" in out.splitlines()[-1] and "strict" in out.splitlines()[-1]
    code, out, _ = run(capsys, WARNINGS_ONLY, "--fail-on", "warning", "--lang", "fr")
    assert code == 1
    assert out.splitlines()[-1].endswith("(--fail-on warning : les avertissements comptent)")
    code, report, _ = run_json(capsys, WARNINGS_ONLY, "--fail-on", "info")
    assert code == 1 and report["summary"]["passed"] is False and report["summary"]["fail_on"] == "info"


def test_the_report_graph_conforms_only_without_results(world_root, capsys):
    """SHACL: sh:conforms is true iff there is no result; warnings pass the CLI but not sh:conforms."""
    code, out, _ = run(capsys, WARNINGS_ONLY, "--format", "turtle")
    assert code == 0
    report = Graph().parse(data=out, format="turtle")
    [root] = list(report.subjects(SH.conforms, None))
    assert report.value(root, SH.conforms).toPython() is False
    assert len(list(report.objects(root, SH.result))) == 2
    code, summary, _ = run_json(capsys, WARNINGS_ONLY)
    assert (code, summary["summary"]["conforms"], summary["summary"]["passed"]) == (0, False, True)
    code, out, _ = run(capsys, HR_TEAM, "--format", "turtle")
    report = Graph().parse(data=out, format="turtle")
    assert (code, report.value(next(report.subjects(SH.conforms, None)), SH.conforms).toPython()) == (0, True)


def test_strict_and_another_fail_on_are_refused(world_root, capsys):
    code, out, err = run(capsys, WARNINGS_ONLY, "--strict", "--fail-on", "warning")
    assert code == 2 and out == ""
    assert "--strict is --fail-on info: it cannot go with --fail-on warning" in err


@pytest.mark.parametrize("fmt, suffix", [("nt", ".nt"), ("xml", ".rdf"), ("json-ld", ".jsonld")])
def test_other_rdf_syntaxes(world_root, capsys, tmp_path, fmt, suffix):
    graph = Graph().parse(WITH_ERRORS)
    path = tmp_path / f"data{suffix}"
    path.write_text(graph.serialize(format=fmt), encoding="utf-8")
    code, report, _ = run_json(capsys, path)
    assert code == 1
    assert report["summary"]["violations"] == 4


def test_input_format_option_overrides_the_extension(world_root, capsys, tmp_path):
    path = tmp_path / "data.txt"
    path.write_bytes(WITH_ERRORS.read_bytes())
    code, _, err = run(capsys, path)
    assert code == 2 and "unknown RDF file extension" in err
    code, report, _ = run_json(capsys, path, "--input-format", "turtle")
    assert code == 1 and report["summary"]["violations"] == 4


# --- Report languages and formats -------------------------------------------------------------------


def test_text_report_groups_results_by_node_in_the_chosen_language(world_root, capsys):
    code, out, _ = run(capsys, WITH_ERRORS, "--lang", "fr")
    assert code == 1
    blocks = [b for b in out.strip().split("\n\n")]
    heads = [b.splitlines()[0] for b in blocks[:-1]]
    assert heads == [
        "hr:lien-python",
        "hr:mission-orpheline — faire de la veille",
        "hr:salaire",
        "hr:transition-boucle",
    ]
    assert '  [violation] chemin: airoles:importance; valeur: "haute"' in blocks[0]
    assert "Un lien métier–compétence a exactement une importance" in blocks[0]
    assert "(forme airsh:SkillRequirementImportanceShape)" in blocks[0]
    assert "même (role:chef-de-projet-ia)" in blocks[3]  # a SPARQL message, filled in, kept in French
    assert blocks[-1].startswith(f"{WITH_ERRORS}: non conforme — 4 violation(s)")
    _, out_en, _ = run(capsys, WITH_ERRORS, "--lang", "en")
    assert "A role–skill link has exactly one importance" in out_en
    assert "the same (role:chef-de-projet-ia)" in out_en


def test_json_messages_follow_the_language(world_root, capsys):
    _, fr, _ = run_json(capsys, WITH_ERRORS, "--lang", "fr")
    _, en, _ = run_json(capsys, WITH_ERRORS, "--lang", "en")
    assert [r["shape"] for r in fr["results"]] == [r["shape"] for r in en["results"]]
    by_shape = {r["shape"]: r["message"] for r in fr["results"]}
    assert by_shape["airsh:SalaryRangeOrderShape"].startswith("Fourchette inversée")
    assert {r["shape"]: r["message"] for r in en["results"]}["airsh:SalaryRangeOrderShape"].startswith(
        "Inverted"
    )


def test_turtle_output_is_the_shacl_report_graph(world_root, capsys):
    code, out, _ = run(capsys, WITH_ERRORS, "--format", "turtle")
    assert code == 1
    report = Graph().parse(data=out, format="turtle")
    [root] = list(report.subjects(SH.conforms, None))
    assert report.value(root, SH.conforms).toPython() is False
    results = list(report.objects(root, SH.result))
    assert len(results) == 4
    focus = {str(report.value(r, SH.focusNode)) for r in results}
    assert focus == {
        f"https://hr.example.org/{n}"
        for n in ("lien-python", "transition-boucle", "salaire", "mission-orpheline")
    }
    # the filled-in SPARQL message keeps its language tags in the report graph too
    loop = next(r for r in results if str(report.value(r, SH.focusNode)).endswith("transition-boucle"))
    assert {m.language for m in report.objects(loop, SH.resultMessage)} == {"fr", "en"}


def test_turtle_report_of_a_complex_path_is_a_complete_shacl_path(world_root, capsys):
    code, out, _ = run(capsys, WARNINGS_ONLY, "--format", "turtle")
    report = Graph().parse(data=out, format="turtle")
    for path in report.objects(None, SH.resultPath):
        alternatives = report.value(path, SH.alternativePath)
        members = list(report.items(alternatives))
        assert len(members) == 2
        assert report.value(members[1], SH.inversePath) is not None  # the nested inverse path survived


# --- Inputs that cannot be read: exit 2, the file named, nothing on stdout ----------------------------------

MALFORMED = '@prefix hr: <https://hr.example.org/> .\nhr:a hr:b hr:c .\nhr:d hr:e "unclosed .\n'


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("malformed.ttl", MALFORMED, r"malformed\.ttl:3:\d+: invalid Turtle"),
        (
            "truncated.ttl",
            HR_TEAM.read_text(encoding="utf-8")[:1500],
            r"truncated\.ttl:\d+:\d+: invalid Turtle",
        ),
        ("empty.ttl", "", r"empty\.ttl: file is empty"),
        ("blank.ttl", "\n  \n", r"blank\.ttl: file is empty"),
        (
            "comments.ttl",
            "# nothing but a comment\n@prefix hr: <https://hr.example.org/> .\n",
            r"comments\.ttl: no RDF triples",
        ),
        (
            "latin1.ttl",
            '@prefix hr: <https://hr.example.org/> .\nhr:a hr:b "métier" .\n'.encode("latin-1"),
            r"latin1\.ttl:2:\d+: not valid UTF-8",
        ),
        ("data.csv", "role,skill\n", r"data\.csv: unknown RDF file extension '\.csv'"),
        ("bad.jsonld", '{"@id": "https://hr.example.org/a", ', r"bad\.jsonld:\d+:\d+: invalid JSON-LD"),
        (
            "bad.nt",
            "<https://hr.example.org/a> <https://hr.example.org/b> .\n",
            r"bad\.nt:1: invalid N-Triples",
        ),
        (
            "bad.rdf",
            "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n<oops",
            r"bad\.rdf:\d+",
        ),
    ],
)
def test_unreadable_input_exits_2_naming_the_file(world_root, capsys, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    code, out, err = run(capsys, path)
    assert code == 2
    assert out == ""  # no half-written report
    assert re.search(expected, err), err
    assert err.startswith("airoles: error: ")


def test_missing_file_and_directory(world_root, capsys, tmp_path):
    code, out, err = run(capsys, tmp_path / "nowhere.ttl")
    assert (code, out) == (2, "") and "nowhere.ttl: no such file" in err
    code, out, err = run(capsys, tmp_path)
    assert (code, out) == (2, "") and "is a directory" in err


def test_one_bad_file_among_good_ones_stops_before_any_report(world_root, capsys, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(MALFORMED, encoding="utf-8")
    code, out, err = run(capsys, HR_TEAM, bad)
    assert (code, out) == (2, "") and "bad.ttl:3:" in err


def test_broken_shapes_file_is_an_input_error(world_root, capsys):
    (world_root / "shapes" / "airoles-shapes.ttl").write_text("@prefix sh: <oops\n", encoding="utf-8")
    code, out, err = run(capsys)
    assert (code, out) == (2, "") and "airoles-shapes.ttl:1:" in err


TEN_MB = 10 * 1024 * 1024


def test_a_10_mb_literal_is_validated_and_cut_short_in_the_report(world_root, capsys, tmp_path):
    text = WARNINGS_ONLY.read_text(encoding="utf-8").replace(
        '"analyste IA"@fr ,', f'"{"x" * TEN_MB} "@fr ,', 1
    )
    path = tmp_path / "huge.ttl"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, path)
    assert code == 1 and err == ""  # the trailing space of the huge label is a violation
    assert "airsh:RdfsLabelWhitespaceShape" in out
    assert len(out) < 5000  # the value is cut in the text report
    assert f"({TEN_MB + 6} characters)" in out  # the literal as written: 2 quotes, the space and @fr


def test_an_unterminated_10_mb_literal_is_a_syntax_error_with_its_line(world_root, capsys, tmp_path):
    path = tmp_path / "huge-broken.ttl"
    path.write_text(
        f'@prefix hr: <https://hr.example.org/> .\n\nhr:a hr:b "{"x" * TEN_MB}\n', encoding="utf-8"
    )
    code, out, err = run(capsys, path)
    assert (code, out) == (2, "")
    assert re.search(r"huge-broken\.ttl:3:\d+: invalid Turtle", err)
    assert len(err) < 1000


# --- Real processes: the installed command, no traceback ---------------------------------------------------


def _subprocess(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "AIROLES_ROOT": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "airoles_kg", "validate", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_command_line_process_exit_codes_without_traceback(world_root, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_bytes(b"@prefix hr: <https://hr.example.org/> .\nhr:a hr:b \xff .\n")
    done = _subprocess(world_root, str(bad))
    assert done.returncode == 2 and done.stdout == ""
    assert "bad.ttl:2:" in done.stderr and "Traceback" not in done.stderr
    done = _subprocess(world_root, str(WITH_ERRORS), "--lang", "fr")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "non conforme — 4 violation(s)" in done.stdout
    done = _subprocess(world_root, str(HR_TEAM))
    assert done.returncode == 0, done.stderr


def test_validate_files_api_requires_a_file(world_root):
    with pytest.raises(Exception, match="no file"):
        validate_files([])


# --- The README's example, against the real knowledge base -------------------------------------------------


def _readme_section() -> str:
    text = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    return text.split("## Validating your own data", 1)[1].split("\n## ", 1)[0]


@pytest.mark.skipif(
    not (paths.KB_DIR / "roles.ttl").exists() or not (paths.KB_DIR / "skills.ttl").exists(),
    reason="the knowledge base's roles and skills are not written yet",
)
def test_readme_example_reports_what_the_readme_shows(capsys, tmp_path, monkeypatch):
    section = _readme_section()
    turtle = re.search(r"```turtle\n(.*?)```", section, flags=re.S).group(1)
    shown = re.search(r"```text\n(.*?)```", section, flags=re.S).group(1)
    monkeypatch.chdir(tmp_path)
    Path("roles-rh.ttl").write_text(turtle, encoding="utf-8")
    code, out, err = run(capsys, "roles-rh.ttl", "--lang", "fr")
    assert (code, err) == (1, "")
    assert out == shown
    Path("roles-rh.ttl").write_text(turtle.replace('"indispensable"', "airoles:Essential"), encoding="utf-8")
    code, out, _ = run(capsys, "roles-rh.ttl", "--lang", "en")
    assert code == 0
    assert out.strip() == "roles-rh.ttl: conforms — 0 violation(s), 0 warning(s), 0 info(s)"
    assert "`roles-rh.ttl: conforms — 0 violation(s), 0 warning(s), 0 info(s)`" in section


# --- Narrowed validation (large graphs) ----------------------------------------------------------------


@pytest.mark.parametrize("args", [(), (WITH_ERRORS,), (HR_TEAM,), (WITH_ERRORS, WARNINGS_ONLY, "--strict")])
def test_narrowed_and_plain_pyshacl_give_the_same_report(world_root, capsys, args):
    """--method narrowed (pyshacl on the focus nodes that might fail) and --method pyshacl (every focus
    node) print the same report, byte for byte, and exit alike."""
    plain = run(capsys, *args, "--method", "pyshacl", "--format", "json")
    narrowed = run(capsys, *args, "--method", "narrowed", "--format", "json")
    assert narrowed == plain
    assert plain[0] == (0 if args in ((), (HR_TEAM,)) else 1)


def test_auto_narrows_large_graphs_only(world_root, capsys, monkeypatch):
    """auto (the default) leaves a graph under NARROW_FROM triples to plain pyshacl and narrows above."""
    from airoles_kg.shacl import fast as fastshacl
    from airoles_kg.shacl import validate as validation

    calls = []
    real = fastshacl.narrow
    monkeypatch.setattr(fastshacl, "narrow", lambda *a, **k: calls.append(1) or real(*a, **k))
    code, report, _ = run_json(capsys, WITH_ERRORS)
    assert code == 1 and calls == []
    monkeypatch.setattr(validation, "NARROW_FROM", 1000)
    code, narrowed, _ = run_json(capsys, WITH_ERRORS)
    assert code == 1 and calls == [1]
    assert narrowed == report


def test_unknown_method_is_refused(world_root, capsys):
    code, out, err = run(capsys, "--method", "fast")
    assert code == 2 and out == "" and "invalid choice: 'fast'" in err
