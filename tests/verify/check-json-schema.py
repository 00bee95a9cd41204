#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Validate JSON documents against one of armcpu's JSON Schemas (draft 2020-12),
resolving "$ref": "problems.schema.json" and the like against the schemas beside it.

usage: check-json-schema.py SCHEMA FILE...     (FILE "-" reads stdin)
Exit status: 0 all valid; 1 some invalid (errors on stderr); 2 the python3
jsonschema module is missing (scripts/install-deps.sh installs it).
"""
import json
import os
import sys


def load(path):
    if path == "-":
        return json.load(sys.stdin)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main():
    try:
        import jsonschema
    except ImportError:
        print("python3 jsonschema is not installed (scripts/install-deps.sh)", file=sys.stderr)
        return 2
    schema = load(sys.argv[1])
    here = os.path.dirname(os.path.abspath(sys.argv[1]))
    siblings = {}
    for name in os.listdir(here):
        if name.endswith(".schema.json"):
            s = load(os.path.join(here, name))
            siblings[s.get("$id", name)] = s
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    try:
        from referencing import Registry, Resource

        registry = Registry().with_resources(
            (uri, Resource.from_contents(s)) for uri, s in siblings.items())
        validator = cls(schema, registry=registry)
    except ImportError:  # jsonschema < 4.18
        resolver = jsonschema.RefResolver.from_schema(schema, store=siblings)
        validator = cls(schema, resolver=resolver)
    bad = 0
    for path in sys.argv[2:]:
        doc = load(path)
        for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.path)):
            bad += 1
            print(f"{path}: {list(e.path)}: {e.message}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
