#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Validate JSON documents against a JSON Schema (draft 2020-12).

usage: check-json-schema.py SCHEMA FILE...
Exit status: 0 all valid, 1 some invalid (errors on stderr), 77 when the
python3 jsonschema module is not installed (the caller skips).
"""
import json
import sys


def main():
    try:
        import jsonschema
    except ImportError:
        print("python3 jsonschema is not installed", file=sys.stderr)
        return 77
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    bad = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.path)):
            bad += 1
            print(f"{path}: {list(e.path)}: {e.message}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
