#!/usr/bin/env bash
# The built wheel works outside the checkout: build it, install it with its dependencies in a fresh venv, and
# run a few commands from an empty directory (no ontology/, shapes/ or queries/ around): `airoles info`, a
# named query, `airoles validate`, `airoles next --from` (the shipped ESCO layer). Used by .ci/run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pip_log="$work/pip.log"
pip() { # pip's own notes go to a log, shown only when it fails
    "$work/venv/bin/python" -m pip "$@" >>"$pip_log" 2>&1 || { cat "$pip_log"; exit 1; }
}
python3 -m venv "$work/venv"
pip install --quiet --upgrade pip
pip wheel --quiet --no-deps -w "$work/dist" "$repo"
pip install --quiet -c "$repo/constraints.txt" "$work"/dist/*.whl
mkdir "$work/empty"
cd "$work/empty"
export AIROLES_CACHE_DIR="$work/cache" AIROLES_DATA_DIR="$work/data"
bin="$work/venv/bin"
check() { # check NAME EXPECTED-TEXT COMMAND...: the command succeeds and prints the text
    local name=$1 expected=$2; shift 2
    local out
    if ! out=$("$@" 2>&1); then echo "wheel smoke: $name failed:"; echo "$out"; exit 1; fi
    if [[ $out != *"$expected"* ]]; then echo "wheel smoke: $name: no '$expected' in:"; echo "$out"; exit 1; fi
    echo "wheel smoke: $name ok"
}
check "import outside the checkout" "$work/venv" "$bin/python" -c "import airoles_kg; print(airoles_kg.__file__)"
check "airoles info" "roles" "$bin/airoles" info
check "airoles query --list" "role-skills" "$bin/airoles" query --list
check "a named query" "role:chef-de-projet-ia" "$bin/airoles" query role-skills --param role="chef de projet IA"
check "the JSON Schemas ship" "schema/v1/careers.schema.json" "$bin/python" -c "from airoles_kg.core.schemas import load_schema; print(load_schema('careers')['\$id'])"
check "airoles validate" "aucune violation" "$bin/airoles" validate
check "airoles next --from (shipped ESCO layer)" "skill-based moves from" "$bin/airoles" next --from "ICT project manager" --lang en --limit 2
echo "wheel smoke: the wheel works outside the checkout"
