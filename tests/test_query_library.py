"""The named-query library in French and English: ``title@fr``, ``description@fr`` and ``param@fr`` headers.

Every library query (``queries/*.rq``) has its title and description in both languages; the French page of
the explorer reads them through :meth:`NamedQuery.title_in` and :meth:`NamedQuery.description_in`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from airoles_kg.commands.query import list_queries
from airoles_kg.core import paths
from airoles_kg.core.errors import AirolesError
from airoles_kg.sparql.library import NamedQuery, get_query, named_queries, parse_query, read_query_file

LIBRARY = named_queries()
HEADER = (
    "# title: Skills of a role\n"
    "# description: The skills a role requires,\n"
    "#   with their importance.\n"
    "# param: role (role) — the role; example: chef de projet IA\n"
)
FRENCH = (
    "# title@fr: Compétences d'un métier\n"
    "# description@fr: Les compétences qu'un métier demande,\n"
    "#   avec leur importance.\n"
)
BODY = "SELECT ?role ?skill WHERE { ?role ?p ?skill }\n"


def test_the_whole_library_is_read():
    assert len(LIBRARY) == len(list(paths.QUERIES_DIR.glob("*.rq"))) >= 44


@pytest.mark.parametrize("query", LIBRARY, ids=lambda q: q.name)
def test_every_library_query_has_a_french_and_an_english_title_and_description(query: NamedQuery):
    for lang in ("fr", "en"):
        assert query.title_in(lang).strip() and query.description_in(lang).strip()
    assert (query.title_in("en"), query.description_in("en")) == (query.title, query.description)
    assert (query.title_in("fr"), query.description_in("fr")) == (query.title_fr, query.description_fr)
    # A copy is not a translation.
    assert query.title_fr != query.title
    assert query.description_fr != query.description
    for param in query.params:  # optional in the format, given for every library parameter
        assert param.meaning_fr and param.meaning_fr != param.meaning, param.name


def test_the_french_header_lines_keep_the_line_length():
    long = []
    for path in sorted(paths.QUERIES_DIR.glob("*.rq")):
        french = False  # in a French field or its continuation lines
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.startswith("#"):
                break
            if not line.startswith("#  "):
                french = "@fr:" in line.split(" ", 2)[1]
            if french and len(line) > 110:
                long.append(f"{path.name}:{number}")
    assert long == []


def test_french_and_english_fields_are_parsed_with_their_continuations():
    query = parse_query(
        HEADER + FRENCH + "# param@fr: role — le métier\n#   visé\n" + BODY, "skills", None, True
    )
    assert query.title == "Skills of a role"
    assert query.description == "The skills a role requires, with their importance."
    assert query.title_in("fr") == "Compétences d'un métier"
    assert query.description_in("fr") == "Les compétences qu'un métier demande, avec leur importance."
    assert query.title_in("en") == "Skills of a role"
    assert query.title_in("fr-FR") == query.title_in("FR") == "Compétences d'un métier"
    assert query.title_in("de") == "Skills of a role"  # neither French nor English: English
    (param,) = query.params
    assert (param.meaning, param.example, param.meaning_fr) == (
        "the role",
        "chef de projet IA",
        "le métier visé",
    )
    assert (param.meaning_in("fr"), param.meaning_in("en")) == ("le métier visé", "the role")


def test_the_french_text_falls_back_to_the_english():
    query = parse_query(HEADER + BODY, "adhoc")  # an ad-hoc file may have no French
    assert query.title_fr == query.description_fr == ""
    assert query.title_in("fr") == "Skills of a role"
    assert query.description_in("fr") == "The skills a role requires, with their importance."
    assert query.params[0].meaning_in("fr") == "the role"
    inline = parse_query("SELECT * WHERE { ?s ?p ?o }", "-e")
    assert inline.title_in("fr") == inline.title_in("en") == ""


@pytest.mark.parametrize("missing", ["title@fr", "description@fr"])
def test_a_library_file_without_its_french_is_refused_naming_the_file(
    tmp_path: Path, missing: str, monkeypatch: pytest.MonkeyPatch
):
    french = {  # the French header without the missing field
        "title@fr": "# description@fr: Les compétences qu'un métier demande.\n",
        "description@fr": "# title@fr: Compétences d'un métier\n",
    }[missing]
    path = tmp_path / "no-french.rq"
    path.write_text(HEADER + french + BODY, encoding="utf-8")
    assert read_query_file(path).title == "Skills of a role"  # an ad-hoc file may do without
    for refuse in (
        lambda: read_query_file(path, require_header=True),
        lambda: named_queries(tmp_path),
        lambda: get_query("no-french", tmp_path),
    ):
        with pytest.raises(AirolesError) as caught:
            refuse()
        assert str(caught.value).startswith(f"{path}:1:")
        assert f"no '# {missing}: ...' line" in str(caught.value)


@pytest.mark.parametrize(
    ("header", "line", "words"),
    [
        (HEADER + FRENCH + "# title@fr: Encore\n", 8, "duplicate header field 'title@fr'"),
        (HEADER + FRENCH + "# param@fr: role — a\n# param@fr: role — b\n", 9, "given twice"),
        (HEADER + FRENCH + "# param@fr: skill — la compétence\n", 8, "no '# param:' line declares"),
        (HEADER + FRENCH + "# param@fr: role (role) — le métier\n", 8, "malformed French parameter"),
        (HEADER + FRENCH + "# param@fr: role —\n", 8, "no French meaning"),
        (HEADER + FRENCH + "# title@de: Kompetenzen\n", 8, "unknown header field 'title@de'"),
        (HEADER + "# title@fr:\n", 5, "empty 'title@fr'"),
    ],
)
def test_malformed_french_lines_name_file_and_line(tmp_path: Path, header: str, line: int, words: str):
    path = tmp_path / "bad.rq"
    path.write_text(header + BODY, encoding="utf-8")
    with pytest.raises(AirolesError) as caught:
        read_query_file(path, require_header=True)
    assert str(caught.value).startswith(f"{path}:{line}:")
    assert words in str(caught.value)


def test_a_french_field_after_the_header_is_refused(tmp_path: Path):
    path = tmp_path / "late.rq"
    path.write_text(HEADER + "\n# title@fr: Trop tard\n" + BODY, encoding="utf-8")
    with pytest.raises(AirolesError, match=r"late\.rq:6: '# title@fr:' after the end of the header"):
        read_query_file(path)


def test_the_listing_is_english_by_default_and_french_on_request():
    english, french = list_queries(), list_queries("fr")
    skills = get_query("role-skills")
    assert skills.title in english and skills.title_fr not in english
    assert skills.title_fr in french
