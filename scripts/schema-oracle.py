#!/usr/bin/env python3
"""Fills in the expected validity of Sluice's own JSON Schema test cases using Python's `jsonschema`.

Sluice's validator is tested against hand-written cases in Tests/SluiceSchemaTests/Fixtures/cases.
Each file is a list of groups: {"description", "schema", "tests": [{"description", "data", "valid"}]}.
This script is a differential oracle: it recomputes every "valid" with `jsonschema` (4.26.0 was
used), choosing the draft from the schema's "$schema" (2020-12 when absent), and rewrites the file.
Run it after adding cases; `--check` only reports where the file and the oracle disagree.

A test carrying "expectedByHand" (the reason) keeps its written "valid": these are the places
where Sluice follows the specification's ECMA-262 regex semantics or exact decimal `multipleOf`
and `jsonschema` follows Python's, or where Sluice deliberately accepts draft-07 `dependencies`.

`formats.json` is not touched: `jsonschema` asserts only some formats without optional packages,
and its `email` check accepts anything with an "@", so those expectations are written by hand from
the RFCs the JSON Schema validation spec names.

Usage: python3 scripts/schema-oracle.py [--check]
"""
import json
import pathlib
import sys

import jsonschema

CASES = pathlib.Path(__file__).resolve().parent.parent / "Tests/SluiceSchemaTests/Fixtures/cases"


def validator_for(schema):
    cls = jsonschema.Draft202012Validator
    if isinstance(schema, dict) and "$schema" in schema:
        cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema)


def render(groups):
    lines = ["["]
    for group_index, group in enumerate(groups):
        lines.append(
            '  {"description": %s, "schema": %s, "tests": ['
            % (json.dumps(group["description"]), json.dumps(group["schema"]))
        )
        for test_index, test in enumerate(group["tests"]):
            end = "," if test_index < len(group["tests"]) - 1 else "]}" + ("," if group_index < len(groups) - 1 else "")
            lines.append("    " + json.dumps(test) + end)
    lines.append("]")
    return "\n".join(lines) + "\n"


def main():
    check_only = "--check" in sys.argv
    disagreements = 0
    for path in sorted(CASES.glob("*.json")):
        if path.name == "formats.json":
            continue
        groups = json.loads(path.read_text())
        for group in groups:
            validator = validator_for(group["schema"])
            for test in group["tests"]:
                if "expectedByHand" in test:
                    continue
                expected = validator.is_valid(test["data"])
                if "valid" in test and test["valid"] != expected:
                    disagreements += 1
                    print(f"{path.name}: {group['description']} / {test['description']}: file says {test['valid']}, oracle {expected}")
                test["valid"] = expected
        if not check_only:
            path.write_text(render(groups))
    print(f"{disagreements} disagreement(s)")
    return 1 if check_only and disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
