"""A synthetic, ESCO-sized catalogue of roles that conforms to the airoles shapes (for benchmarks and tests).

ESCO has about 3,000 occupations, 13,900 skills and 129,000 occupation–skill links; people load airoles beside
it or beside their own catalogue. :func:`generate` writes such a catalogue for ``roles`` roles as N-Triples,
streamed (30,000 roles, about six million lines, never sit in memory at once), reproducible from a seed: the
same ``(roles, seed)`` gives byte-identical output.

Shape of the graph (what :class:`Plan` lays out; the tests check these counts):

* ``4.5 × roles`` skills (13,500 for 3,000 roles), each of one kind (hard skill, soft skill, knowledge, tool,
  programming language, framework, data platform; about one in eight is also a data skill). Every skill is
  *owned* by one role (skill ``j`` by role ``j mod roles``), so each role has 4 or 5 skills of its own and no
  skill goes unused.
* 12 to 18 skill links per role (15 on average), qualified ``airoles:SkillRequirement`` nodes: the role's own
  skills (essential) plus skills of its career family and popular skills of the whole catalogue (essential
  or optional).
* Roles come in career families of :data:`FAMILY_SIZE`: level 0 is the family's generalist role
  (``airoles:GeneralistRole``), levels 1–11 go from assistant to director. 3 to 7 transitions per role
  (5 on average), of every kind: promotions up the family, lateral moves (same level in the paired family,
  or one level down), career changes into the paired family, returns to the generalist role. Transitions
  stay within a pair of families, as careers mostly do, so the transitive ``airoles:canEventuallyBecome``
  stays linear in the number of roles (a random graph would make it quadratic).
* 2 or 3 missions per role, ordered, with categories from the ontology's list that depend on the level (so
  the reasoner classifies management and project roles); a yearly gross salary range per role, growing with
  the level; 1 or 2 sector opportunities per role over
  ``max(4, roles // 100)`` sectors (a quarter of them broader sectors of the others).
* French and English ``rdfs:label`` and ``skos:prefLabel`` on every concept, one source document per family,
  ``prov:wasDerivedFrom`` and a French ``airoles:excerpt`` on every node, three concept schemes; IRIs follow
  the naming convention (``https://w3id.org/airoles/id/<kind>/synth-…``).

The catalogue is self-contained (its own schemes and sources): with the ontology it validates with no
violation and no warning (``airoles validate FILE``, which adds our knowledge base too).
"""

from __future__ import annotations

import math
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from airoles_kg.core.atomic import atomic_write_bytes
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.namespaces import AIROLES, ID_BASE, bind_prefixes

FAMILY_SIZE = 12  # roles per career family (level 0: the generalist role)
SKILLS_PER_ROLE = 4.5  # skills in the catalogue per role (ESCO: 13,900 skills for 3,000 occupations)
LINKS_PER_ROLE = (12, 18)  # skill links per role, inclusive (mean 15)
TRANSITIONS_PER_ROLE = (3, 7)  # outgoing transitions per role, inclusive (mean 5)
MISSIONS_PER_ROLE = (2, 3)
OPPORTUNITIES_PER_ROLE = (1, 2)
SLUG_PREFIX = "synth"  # every synthetic IRI's slug starts with it: never a knowledge-base IRI
ROLES_PER_BATCH = 250  # roles written per chunk of output
MAX_ROLES = 1_000_000

A = AIROLES
_TYPE, _LABEL, _PREF = f"<{RDF.type}>", f"<{RDFS.label}>", f"<{SKOS.prefLabel}>"
_IN_SCHEME, _BROADER, _SOURCE = f"<{SKOS.inScheme}>", f"<{SKOS.broader}>", f"<{PROV.wasDerivedFrom}>"
_TITLE, _IDENTIFIER = f"<{DCTERMS.title}>", f"<{DCTERMS.identifier}>"
_INTEGER = f"<{XSD.integer}>"


def _t(term) -> str:
    return f"<{term}>"


_EXCERPT, _REQUIREMENT_OF, _REQUIRES, _IMPORTANCE = (
    _t(A.excerpt),
    _t(A.requirementOf),
    _t(A.requiresSkill),
    _t(A.importance),
)
_FROM, _TO, _KIND = _t(A.fromRole), _t(A.toRole), _t(A.transitionKind)
_MISSION_OF, _ORDER, _CATEGORY = _t(A.missionOf), _t(A.missionOrder), _t(A.missionCategory)
_FOR, _IN_SECTOR, _EMPLOYERS, _COUNTRY = (
    _t(A.opportunityFor),
    _t(A.inSector),
    _t(A.employerTypes),
    _t(A.country),
)
_ESSENTIAL, _OPTIONAL = _t(A.Essential), _t(A.Optional)
_SALARY_OF, _MIN_AMOUNT, _MAX_AMOUNT, _CURRENCY = (
    _t(A.salaryOf),
    _t(A.minAmount),
    _t(A.maxAmount),
    _t(A.currency),
)
_PAY_PERIOD, _PAY_BASIS, _EXPERIENCE = _t(A.payPeriod), _t(A.payBasis), _t(A.experienceLevel)
_DECIMAL = f"<{XSD.decimal}>"

# Skill kinds (class, share, French and English word for labels), most frequent first.
SKILL_KINDS: tuple[tuple[str, float, str, str], ...] = (
    (str(A.HardSkill), 0.40, "savoir-faire", "know-how"),
    (str(A.Knowledge), 0.20, "connaissance", "knowledge"),
    (str(A.SoftSkill), 0.15, "qualité", "quality"),
    (str(A.Tool), 0.10, "outil", "tool"),
    (str(A.ProgrammingLanguage), 0.05, "langage", "language"),
    (str(A.Framework), 0.05, "framework", "framework"),
    (str(A.DataPlatform), 0.05, "plateforme", "platform"),
)
DATA_SKILL_SHARE = 0.125

# Levels of a career family: (French title, English title); level 0 is the generalist role.
LEVELS: tuple[tuple[str, str], ...] = (
    ("chef de projet généraliste", "generalist project manager"),
    ("assistant", "assistant"),
    ("technicien", "technician"),
    ("analyste", "analyst"),
    ("développeur", "developer"),
    ("ingénieur", "engineer"),
    ("consultant", "consultant"),
    ("architecte", "architect"),
    ("chef de projet", "project manager"),
    ("expert", "expert"),
    ("responsable", "manager"),
    ("directeur", "director"),
)
assert len(LEVELS) == FAMILY_SIZE
ARCHITECT_LEVEL = 7  # asserted airoles:ArchitectureRole (a family the reasoner cannot infer)

# Fields of the families (French, English); the field of family f is FIELDS[f % len(FIELDS)].
FIELDS: tuple[tuple[str, str], ...] = (
    ("données", "data"),
    ("IA", "AI"),
    ("cloud", "cloud"),
    ("cybersécurité", "cybersecurity"),
    ("logiciel", "software"),
    ("produit", "product"),
    ("réseaux", "networks"),
    ("robotique", "robotics"),
    ("santé numérique", "digital health"),
    ("finance quantitative", "quantitative finance"),
    ("marketing digital", "digital marketing"),
    ("logistique", "logistics"),
    ("énergie", "energy"),
    ("qualité", "quality"),
    ("ressources humaines", "human resources"),
    ("juridique", "legal"),
)
SECURITY_FIELD = 3  # families of this field are asserted airoles:SecurityRole

# Mission categories by level band (the ontology's closed list of airoles:MissionCategory).
MISSIONS_JUNIOR = (A.DataManagement, A.ModelDevelopment, A.CommunicationAndReporting, A.ProcessAutomation)
MISSIONS_MIDDLE = (
    A.ProjectCoordination,
    A.ModelDevelopment,
    A.TechnologyWatch,
    A.RiskManagement,
    A.TrainingAndChange,
)
MISSIONS_SENIOR = (A.TeamManagement, A.BudgetManagement, A.Strategy, A.ProjectCoordination)

PROMOTION, LATERAL, CHANGE, RETURN = A.Promotion, A.LateralMove, A.CareerChange, A.ReturnToGeneralist
TRANSITION_WEIGHTS = ((PROMOTION, 0.35), (LATERAL, 0.30), (CHANGE, 0.20), (RETURN, 0.15))
_TRANSITION_WORDS = {
    PROMOTION: "évoluer vers le poste de",
    LATERAL: "se repositionner comme",
    CHANGE: "se reconvertir en",
    RETURN: "revenir à un poste de",
}


@dataclass(frozen=True)
class Plan:
    """The layout of a synthetic catalogue of ``roles`` roles: counts and IRIs (no randomness here)."""

    roles: int
    seed: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.roles <= MAX_ROLES:
            raise AirolesError(f"--roles must be between 1 and {MAX_ROLES:,}, not {self.roles}")

    @property
    def skills(self) -> int:
        return round(SKILLS_PER_ROLE * self.roles)

    @property
    def families(self) -> int:
        return math.ceil(self.roles / FAMILY_SIZE)

    @property
    def sectors(self) -> int:
        return max(4, self.roles // 100)

    @property
    def top_sectors(self) -> int:
        """Sectors ``0 .. top_sectors - 1`` have no broader sector; the others have one of them."""
        return max(1, self.sectors // 4)

    @property
    def width(self) -> int:
        """Digits of the numbers in slugs (zero-padded: IRIs sort like the numbers)."""
        return max(6, len(str(self.skills)))

    def _n(self, number: int) -> str:
        return str(number).zfill(self.width)

    # -- IRIs -------------------------------------------------------------------------------------------

    def role(self, r: int) -> str:
        return f"{ID_BASE}role/{SLUG_PREFIX}-{self._n(r)}"

    def skill(self, j: int) -> str:
        return f"{ID_BASE}skill/{SLUG_PREFIX}-{self._n(j)}"

    def sector(self, k: int) -> str:
        return f"{ID_BASE}sector/{SLUG_PREFIX}-{self._n(k)}"

    def source(self, family: int) -> str:
        return f"{ID_BASE}source/{SLUG_PREFIX}-{self._n(family)}"

    def requirement(self, r: int, n: int) -> str:
        return f"{ID_BASE}requirement/{SLUG_PREFIX}-{self._n(r)}-{n:02d}"

    def transition(self, a: int, b: int) -> str:
        return f"{ID_BASE}transition/{SLUG_PREFIX}-{self._n(a)}-to-{self._n(b)}"

    def mission(self, r: int, n: int) -> str:
        return f"{ID_BASE}mission/{SLUG_PREFIX}-{self._n(r)}-{n:02d}"

    def salary(self, r: int) -> str:
        return f"{ID_BASE}salary/{SLUG_PREFIX}-{self._n(r)}"

    def opportunity(self, r: int, k: int) -> str:
        return f"{ID_BASE}opportunity/{SLUG_PREFIX}-{self._n(r)}-{self._n(k)}"

    def scheme(self, what: str) -> str:
        return f"{ID_BASE}scheme/{SLUG_PREFIX}-{what}"

    # -- structure --------------------------------------------------------------------------------------

    def family_of(self, r: int) -> int:
        return r // FAMILY_SIZE

    def level_of(self, r: int) -> int:
        return r % FAMILY_SIZE

    def family_roles(self, family: int) -> range:
        return range(family * FAMILY_SIZE, min((family + 1) * FAMILY_SIZE, self.roles))

    def paired_family(self, family: int) -> int:
        """The family a family exchanges people with (itself for a last, unpaired family)."""
        other = family ^ 1
        return other if other < self.families else family

    def own_skills(self, r: int) -> range:
        """The skills role ``r`` owns: ``r, r + roles, r + 2·roles, ...`` below the skill count."""
        return range(r, self.skills, self.roles)

    def skill_owner(self, j: int) -> int:
        return j % self.roles

    def example_roles(self) -> tuple[int, int]:
        """Two roles for examples and benchmarks: level 5 and level 9 of the middle complete family (the
        second is a few promotions above the first); for fewer than 12 roles, two of them."""
        complete = self.roles // FAMILY_SIZE
        if complete == 0:
            return min(5, self.roles - 1), self.roles - 1
        base = ((complete - 1) // 2) * FAMILY_SIZE
        return base + 5, base + 9

    # -- labels (French, English) -----------------------------------------------------------------------

    def role_labels(self, r: int) -> tuple[str, str]:
        family, level = self.family_of(r), self.level_of(r)
        title_fr, title_en = LEVELS[level]
        field_fr, field_en = FIELDS[family % len(FIELDS)]
        if level == 0:  # the generalist role is named after the family's field, not inside it
            return f"{title_fr} n°{family + 1}", f"{title_en} no. {family + 1}"
        return f"{title_fr} {field_fr} n°{family + 1}", f"{field_en} {title_en} no. {family + 1}"

    def skill_kind(self, j: int) -> int:
        """Index into :data:`SKILL_KINDS` (a fixed spread: 40 % hard skills, ...)."""
        position = (j * 0.6180339887498949) % 1.0  # low-discrepancy: shares hold at every size
        total = 0.0
        for k, (_, share, _, _) in enumerate(SKILL_KINDS):
            total += share
            if position < total:
                return k
        return len(SKILL_KINDS) - 1

    def skill_labels(self, j: int) -> tuple[str, str]:
        _, _, word_fr, word_en = SKILL_KINDS[self.skill_kind(j)]
        field_fr, field_en = FIELDS[self.family_of(self.skill_owner(j)) % len(FIELDS)]
        return f"{word_fr} {field_fr} n°{j + 1}", f"{field_en} {word_en} no. {j + 1}"

    def sector_labels(self, k: int) -> tuple[str, str]:
        return f"secteur synthétique n°{k + 1}", f"synthetic sector no. {k + 1}"


# ---------------------------------------------------------------------------------------------------------
# N-Triples writing
# ---------------------------------------------------------------------------------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _lit(text: str, lang: str) -> str:
    return f'"{text.translate(_ESCAPES)}"@{lang}'


def _plain(text: str) -> str:
    return f'"{text.translate(_ESCAPES)}"'


def _concept(out: list[str], iri: str, cls: str, scheme: str, fr: str, en: str, source: str) -> None:
    s = f"<{iri}>"
    out += (
        f"{s} {_TYPE} <{cls}> .",
        f"{s} {_IN_SCHEME} <{scheme}> .",
        f"{s} {_LABEL} {_lit(fr, 'fr')} .",
        f"{s} {_LABEL} {_lit(en, 'en')} .",
        f"{s} {_PREF} {_lit(fr, 'fr')} .",
        f"{s} {_PREF} {_lit(en, 'en')} .",
        f"{s} {_SOURCE} <{source}> .",
    )


def _header(plan: Plan) -> list[str]:
    out = [
        f"# airoles synthetic catalogue: {plan.roles} roles, {plan.skills} skills, seed {plan.seed}",
        "# generated by scripts/generate_synthetic.py (support.synthetic); same roles and seed, same bytes",
    ]
    for what, fr, en in (
        ("roles", "métiers synthétiques", "synthetic roles"),
        ("skills", "compétences synthétiques", "synthetic skills"),
        ("sectors", "secteurs synthétiques", "synthetic sectors"),
    ):
        s = f"<{plan.scheme(what)}>"
        out += (
            f"{s} {_TYPE} <{SKOS.ConceptScheme}> .",
            f"{s} {_TITLE} {_lit(fr, 'fr')} .",
            f"{s} {_TITLE} {_lit(en, 'en')} .",
            f"{s} {_LABEL} {_lit(fr, 'fr')} .",
            f"{s} {_LABEL} {_lit(en, 'en')} .",
            f"{s} {_PREF} {_lit(fr, 'fr')} .",
            f"{s} {_PREF} {_lit(en, 'en')} .",
        )
    width = len(str(plan.families))
    for family in range(plan.families):
        s = f"<{plan.source(family)}>"
        field_fr, _ = FIELDS[family % len(FIELDS)]
        title = f"Référentiel synthétique des métiers ({field_fr}, famille n°{family + 1})"
        out += (
            f"{s} {_TYPE} <{A.SourceDocument}> .",
            f"{s} {_TITLE} {_lit(title, 'fr')} .",
            f"{s} {_IDENTIFIER} {_plain(f'synthetic/famille-{family + 1:0{width}d}.txt')} .",
        )
    for k in range(plan.sectors):
        fr, en = plan.sector_labels(k)
        _concept(out, plan.sector(k), str(A.Sector), plan.scheme("sectors"), fr, en, plan.source(0))
        s = f"<{plan.sector(k)}>"
        out.append(
            f"{s} {_EXCERPT} {_lit(f'Les métiers de ce référentiel s’exercent aussi dans le {fr}.', 'fr')} ."
        )
        if k >= plan.top_sectors:
            out.append(f"{s} {_BROADER} <{plan.sector(k % plan.top_sectors)}> .")
    return out


def _skills(plan: Plan, rng: random.Random, start: int, stop: int) -> list[str]:
    out: list[str] = []
    for j in range(start, stop):
        fr, en = plan.skill_labels(j)
        source = plan.source(plan.family_of(plan.skill_owner(j)))
        _concept(
            out, plan.skill(j), SKILL_KINDS[plan.skill_kind(j)][0], plan.scheme("skills"), fr, en, source
        )
        s = f"<{plan.skill(j)}>"
        # A soft skill is never a data skill (airsh:DataSkillShape); the draw happens anyway, so that the rest
        # of the generated graph does not depend on the skills' kinds.
        if rng.random() < DATA_SKILL_SHARE and SKILL_KINDS[plan.skill_kind(j)][0] != str(A.SoftSkill):
            out.append(f"{s} {_TYPE} <{A.DataSkill}> .")
        out.append(f"{s} {_EXCERPT} {_lit(f'Le référentiel cite la compétence « {fr} ».', 'fr')} .")
    return out


def _pick_skills(plan: Plan, rng: random.Random, r: int) -> list[tuple[int, bool]]:
    """The role's skill links: (skill, essential), its own skills first."""
    chosen = {j: True for j in plan.own_skills(r)}
    wanted = rng.randint(*LINKS_PER_ROLE)
    family = list(plan.family_roles(plan.family_of(r)))
    attempts = 0
    while len(chosen) < min(wanted, plan.skills) and attempts < 20 * wanted:
        attempts += 1
        if rng.random() < 0.5:  # a skill of the career family
            owner = rng.choice(family)
            candidates = plan.own_skills(owner)
            j = candidates[rng.randrange(len(candidates))]
        else:  # a popular skill of the whole catalogue (low numbers are the most shared)
            j = int(plan.skills * rng.random() ** 2)
        if j not in chosen:
            chosen[j] = rng.random() < 0.35
    return list(chosen.items())


def _transition_targets(plan: Plan, rng: random.Random, r: int) -> list[tuple[int, object]]:
    """The role's outgoing transitions: (target role, kind), within its family and the paired family."""
    family, level = plan.family_of(r), plan.level_of(r)
    own = plan.family_roles(family)
    paired = plan.family_roles(plan.paired_family(family))
    generalist = own[0]

    def candidates(kind) -> list[int]:
        if kind is PROMOTION:
            return [t for t in range(r + 1, r + 4) if t in own] if level > 0 else []
        if kind is LATERAL:
            return [t for t in (paired.start + level, r - 1) if t in paired or (t in own and t > generalist)]
        if kind is CHANGE:
            return [t for t in paired if t != paired.start] if paired.start != own.start else []
        return [generalist] if level > 0 else list(own[1:4])  # the generalist retrains into the family

    wanted = rng.randint(*TRANSITIONS_PER_ROLE)
    chosen: dict[int, object] = {}
    if level == 1 and len(own) > 1:
        chosen[generalist] = RETURN  # every generalist role has a way back into it
    kinds, weights = zip(*TRANSITION_WEIGHTS, strict=True)
    attempts = 0
    while len(chosen) < wanted and attempts < 10 * wanted:
        attempts += 1
        kind = rng.choices(kinds, weights)[0]
        options = [t for t in candidates(kind) if t != r and t not in chosen]
        if options:
            chosen[rng.choice(options)] = kind
    return list(chosen.items())


def _role(plan: Plan, rng: random.Random, r: int) -> list[str]:
    out: list[str] = []
    family, level = plan.family_of(r), plan.level_of(r)
    source = plan.source(family)
    fr, en = plan.role_labels(r)
    role = f"<{plan.role(r)}>"
    _concept(out, plan.role(r), str(A.Role), plan.scheme("roles"), fr, en, source)
    out.append(
        f"{role} {_EXCERPT} {_lit(f'Le métier de {fr} fait partie de la famille n°{family + 1}.', 'fr')} ."
    )
    if level == 0:
        out.append(f"{role} {_TYPE} <{A.GeneralistRole}> .")
    if level == ARCHITECT_LEVEL:
        out.append(f"{role} {_TYPE} <{A.ArchitectureRole}> .")
    if family % len(FIELDS) == SECURITY_FIELD and level > 0:
        out.append(f"{role} {_TYPE} <{A.SecurityRole}> .")

    # Missions, ordered, with categories that depend on the level.
    band = MISSIONS_SENIOR if level >= 9 else MISSIONS_MIDDLE if level >= 5 else MISSIONS_JUNIOR
    for n in range(1, rng.randint(*MISSIONS_PER_ROLE) + 1):
        category = band[rng.randrange(len(band))]
        m = f"<{plan.mission(r, n)}>"
        out += (
            f"{m} {_TYPE} <{A.Mission}> .",
            f"{m} {_MISSION_OF} {role} .",
            f"{m} {_LABEL} {_lit(f'mission {n} du poste de {fr}', 'fr')} .",
            f"{m} {_LABEL} {_lit(f'mission {n} of the {en}', 'en')} .",
            f'{m} {_ORDER} "{n}"^^{_INTEGER} .',
            f"{m} {_CATEGORY} <{category}> .",
            f"{m} {_SOURCE} <{source}> .",
            f"{m} {_EXCERPT} {_lit(f'Mission {n} du {fr}.', 'fr')} .",
        )

    # Qualified skill links.
    for n, (j, essential) in enumerate(_pick_skills(plan, rng, r), start=1):
        q = f"<{plan.requirement(r, n)}>"
        skill_fr = plan.skill_labels(j)[0]
        words = "indispensable" if essential else "appréciée"
        out += (
            f"{q} {_TYPE} <{A.SkillRequirement}> .",
            f"{q} {_REQUIREMENT_OF} {role} .",
            f"{q} {_REQUIRES} <{plan.skill(j)}> .",
            f"{q} {_IMPORTANCE} {_ESSENTIAL if essential else _OPTIONAL} .",
            f"{q} {_SOURCE} <{source}> .",
            f"{q} {_EXCERPT} {_lit(f'Pour le {fr}, la compétence « {skill_fr} » est {words}.', 'fr')} .",
        )

    # Career transitions.
    for target, kind in _transition_targets(plan, rng, r):
        t = f"<{plan.transition(r, target)}>"
        target_fr = plan.role_labels(target)[0]
        out += (
            f"{t} {_TYPE} <{A.CareerTransition}> .",
            f"{t} {_FROM} {role} .",
            f"{t} {_TO} <{plan.role(target)}> .",
            f"{t} {_KIND} <{kind}> .",
            f"{t} {_SOURCE} <{source}> .",
            f"{t} {_EXCERPT} {_lit(f'Un {fr} peut {_TRANSITION_WORDS[kind]} {target_fr}.', 'fr')} .",
        )

    # One salary range per role, growing with the level (no randomness: a plain function of the level).
    low = 24_000 + 5_000 * level
    high = low + 4_000 + 1_000 * level
    experience = A.Beginner if level <= 3 else A.Intermediate if level <= 7 else A.Confirmed
    pay = f"<{plan.salary(r)}>"
    out += (
        f"{pay} {_TYPE} <{A.SalaryObservation}> .",
        f"{pay} {_SALARY_OF} {role} .",
        f'{pay} {_MIN_AMOUNT} "{low}"^^{_DECIMAL} .',
        f'{pay} {_MAX_AMOUNT} "{high}"^^{_DECIMAL} .',
        f"{pay} {_CURRENCY} {_plain('EUR')} .",
        f"{pay} {_PAY_PERIOD} <{A.PerYear}> .",
        f"{pay} {_PAY_BASIS} <{A.Gross}> .",
        f"{pay} {_EXPERIENCE} <{experience}> .",
        f"{pay} {_SOURCE} <{source}> .",
        f"{pay} {_EXCERPT} {_lit(f'Le {fr} gagne de {low} à {high} euros bruts par an.', 'fr')} .",
    )

    # Sector opportunities: the first sector cycles through all of them, so every sector is used.
    sectors = [r % plan.sectors]
    if rng.randint(*OPPORTUNITIES_PER_ROLE) > 1:
        other = rng.randrange(plan.sectors)
        if other != sectors[0]:
            sectors.append(other)
    for k in sectors:
        o = f"<{plan.opportunity(r, k)}>"
        sector_fr = plan.sector_labels(k)[0]
        out += (
            f"{o} {_TYPE} <{A.SectorOpportunity}> .",
            f"{o} {_FOR} {role} .",
            f"{o} {_IN_SECTOR} <{plan.sector(k)}> .",
            f"{o} {_EMPLOYERS} {_lit(f'entreprises du {sector_fr}', 'fr')} .",
            f"{o} {_COUNTRY} {_plain('FR')} .",
            f"{o} {_SOURCE} <{source}> .",
            f"{o} {_EXCERPT} {_lit(f'Le {fr} recrute dans le {sector_fr}.', 'fr')} .",
        )
    return out


def chunks(plan: Plan) -> Iterator[bytes]:
    """The catalogue as N-Triples, in chunks of UTF-8 bytes (deterministic for the plan's seed)."""
    # One random stream per part, seeded from the seed and the part's name (str seeds hash with SHA-512:
    # stable across runs and platforms, whatever PYTHONHASHSEED says).
    skills_rng = random.Random(f"airoles-synthetic:{plan.seed}:skills")
    roles_rng = random.Random(f"airoles-synthetic:{plan.seed}:roles")
    yield _encode(_header(plan))
    step = ROLES_PER_BATCH * 5
    for start in range(0, plan.skills, step):
        yield _encode(_skills(plan, skills_rng, start, min(start + step, plan.skills)))
    for start in range(0, plan.roles, ROLES_PER_BATCH):
        lines: list[str] = []
        for r in range(start, min(start + ROLES_PER_BATCH, plan.roles)):
            lines += _role(plan, roles_rng, r)
        yield _encode(lines)


def _encode(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def generate(roles: int, seed: int = 1, out: str | os.PathLike[str] | None = None) -> bytes | Path:
    """Write the catalogue of ``roles`` roles to ``out`` atomically (returns the path), or its bytes."""
    plan = Plan(roles, seed)
    if out is None:
        return b"".join(chunks(plan))
    return atomic_write_bytes(out, chunks(plan))


def synthetic_graph(roles: int, seed: int = 1) -> Graph:
    """The catalogue as an rdflib Graph (parsed through pyoxigraph's N-Triples parser), prefixes bound."""
    import pyoxigraph as ox

    from airoles_kg.core.terms import to_rdflib

    graph = bind_prefixes(Graph())
    data = generate(roles, seed)
    assert isinstance(data, bytes)
    for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def query_bindings(plan: Plan, query, store) -> dict:
    """Values for a named query's parameters on a graph holding the catalogue (benchmarks and tests): role
    parameters get the plan's two :meth:`Plan.example_roles` (in order), skills one of the first role's own
    skills, sectors a broad sector, IRIs of our namespace an individual of the same kind from the catalogue
    (other IRIs, e.g. ``airoles:Tool``, keep their example), integers and strings their example.

    ``query``: an :class:`airoles_kg.sparql.library.NamedQuery`; ``store``: a pyoxigraph store holding the
    catalogue.
    """
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    from airoles_kg.sparql.engine import expand_iri

    a, b = plan.example_roles()
    roles = [plan.role(a), plan.role(b)]
    transitions = store.quads_for_pattern(None, ox.NamedNode(str(A.fromRole)), ox.NamedNode(roles[0]))
    by_kind = {
        "transition": min(q.subject.value for q in transitions),
        "source": plan.source(plan.family_of(a)),
        "role": roles[0],
        "skill": plan.skill(plan.own_skills(a)[0]),
        "sector": plan.sector(0),
    }
    values: dict = {}
    role_params = 0
    for p in query.params:
        if p.kind == "role":
            values[p.name] = URIRef(roles[min(role_params, 1)])
            role_params += 1
        elif p.kind in ("skill", "sector"):
            values[p.name] = URIRef(by_kind[p.kind])
        elif p.kind == "iri":
            iri = str(expand_iri(p.example or ""))
            kind = iri[len(ID_BASE) :].split("/", 1)[0] if iri.startswith(ID_BASE) else None
            values[p.name] = URIRef(by_kind.get(kind, iri))
        elif p.kind == "integer":
            values[p.name] = Literal(int(p.example or 0), datatype=XSD.integer)
        else:
            values[p.name] = Literal(p.example or "")
    return values
