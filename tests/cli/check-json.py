#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Validate armcpu's JSON outputs against data/schemas/json (draft 2020-12).

usage: check-json.py SCHEMA_DIR --check-schemas
       check-json.py SCHEMA_DIR SCHEMA_NAME FILE...

Every *.schema.json in SCHEMA_DIR is loaded, so schemas may refer to each
other by file name ("$ref": "problems.schema.json"). --check-schemas checks
each schema against the draft 2020-12 meta-schema. Otherwise each FILE must
be one JSON document valid against SCHEMA_NAME (e.g. compare.schema.json).
Each valid FILE is then broken in a few ways (an unknown member added, a
required member removed, a member of the wrong type, an empty object) and
each broken copy must be refused: the schema is precise, not vacuous.

Exit status: 0 all valid, 1 some invalid (errors on stderr), 2 bad usage or
unreadable input, 77 when the python3 jsonschema module is not installed
(the caller skips).
"""
import json
import os
import sys


def load_schemas(directory):
    schemas = {}
    for name in sorted(os.listdir(directory)):
        if name.endswith(".schema.json"):
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                schemas[name] = json.load(f)
    return schemas


def make_validator(jsonschema, schemas, name):
    schema = schemas[name]
    cls = jsonschema.validators.validator_for(schema)
    try:  # jsonschema >= 4.18: the referencing library
        from referencing import Registry, Resource

        resources = [(s["$id"], Resource.from_contents(s)) for s in schemas.values()]
        return cls(schema, registry=Registry().with_resources(resources))
    except ImportError:  # older jsonschema (Debian 12 has 4.10): RefResolver
        store = {s["$id"]: s for s in schemas.values()}
        resolver = jsonschema.RefResolver.from_schema(schema, store=store)
        return cls(schema, resolver=resolver)


def top_required(schemas, name):
    """The members the schema requires at the top level (following one $ref)."""
    schema = schemas[name]
    if "$ref" in schema and schema["$ref"] in schemas:
        schema = schemas[schema["$ref"]]
    return set(schema.get("required", []))


def mutants(doc, required):
    """Broken copies of a valid document, each with what was done to it."""
    out = [("an empty object", {}), ("a number", 42)]
    if isinstance(doc, dict):
        out.append(("an unknown member", dict(doc, unexpectedMember=1)))
        for key in doc:
            if key in required:
                out.append((f"'{key}' removed", {k: v for k, v in doc.items() if k != key}))
            out.append((f"'{key}' as a JSON object", dict(doc, **{key: {"x": 1}})))
    elif isinstance(doc, list):
        out.append(("a number item", doc + [42]))
        for i, item in enumerate(doc):
            if isinstance(item, dict):
                broken = dict(item, unexpectedMember=1)
                out.append((f"item {i} with an unknown member", doc[:i] + [broken] + doc[i + 1:]))
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import jsonschema
    except ImportError:
        print("python3 jsonschema is not installed", file=sys.stderr)
        return 77
    schemas = load_schemas(argv[1])
    if argv[2] == "--check-schemas":
        bad = 0
        for name, schema in schemas.items():
            try:
                jsonschema.validators.validator_for(schema).check_schema(schema)
            except jsonschema.exceptions.SchemaError as e:
                print(f"{name}: {e.message}", file=sys.stderr)
                bad += 1
            if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
                print(f"{name}: not a draft 2020-12 schema", file=sys.stderr)
                bad += 1
            if not schema.get("$id", "").endswith("/" + name):
                print(f"{name}: $id does not end with its file name", file=sys.stderr)
                bad += 1
        return 1 if bad else 0
    if argv[2] not in schemas:
        print(f"no schema {argv[2]} in {argv[1]}", file=sys.stderr)
        return 2
    validator = make_validator(jsonschema, schemas, argv[2])
    bad = 0
    for path in argv[3:]:
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print(f"{path}: {e}", file=sys.stderr)
            return 2
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors:
            bad += 1
            print(f"{path}: {list(e.absolute_path)}: {e.message}", file=sys.stderr)
        if errors:
            continue
        for what, mutant in mutants(doc, top_required(schemas, argv[2])):
            if validator.is_valid(mutant):
                bad += 1
                print(f"{path}: {argv[2]} still accepts it with {what}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
