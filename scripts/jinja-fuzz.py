#!/usr/bin/env python3
"""Random differential testing of `sluice render` against Jinja2.

Generates random expressions (`--mode expressions`) or random templates mixing text, output tags,
if/for/set blocks, comments, raw blocks and whitespace control (`--mode templates`), renders each
with Jinja2 (configured as scripts/jinja-expectations.py does) and with the built `sluice` binary,
and reports every case where the outputs differ or only one of them fails. A finding worth
keeping becomes a case in Tests/SluiceTemplatesTests/Fixtures/Corpus.

    swift build --product sluice
    python3 scripts/jinja-fuzz.py --mode expressions --seed 1 --count 500
    python3 scripts/jinja-fuzz.py --mode templates --seed 1 --count 500

Outputs that docs/templates.md lists as differences (printed generators, tuples, dict views,
`%` string formatting) are skipped.
"""

import argparse
import copy
import json
import pathlib
import random
import subprocess
import sys
import tempfile

import jinja2

ROOT = pathlib.Path(__file__).resolve().parent.parent

CONTEXT = {
    "n": 7, "f": 2.5, "z": 0, "s": "Hello World", "u": "ǅé🎉ß", "e": "", "xs": [3, 1, 2], "ws": ["b", "A", "c"],
    "d": {"b": 1, "a": [1, 2], "c": {"x": None}}, "objs": [{"k": 2, "v": "x"}, {"k": 1, "v": "y"}],
    "t": True, "nn": None, "big": 10**15, "neg": -3, "fl": [0.1, 0.25, 1e20],
}
ATOMS = [
    "n", "f", "z", "s", "u", "e", "xs", "ws", "d", "objs", "t", "nn", "big", "neg", "fl", "1", "0", "-2", "3.5",
    "0.1", "1e3", "'a'", "\"q'uote\"", "'x y'", "true", "false", "none", "[1, 'b', 2.0]", "{'k': 'v', 'n': 1}",
    "[]", "''", "d.a", "d['b']", "xs[0]", "xs[-1]", "s[1:4]", "xs[::-1]", "objs[0].v", "d.c.x", "u[1]", "s[::2]",
]
OPERATORS = ["+", "-", "*", "/", "//", "**", "~", "==", "!=", "<", ">", "<=", ">=", "and", "or", "in", "not in"]
FILTERS = [
    "upper", "lower", "title", "capitalize", "trim", "length", "first", "last", "string", "list", "sort", "reverse",
    "unique|list", "min", "max", "sum", "abs", "int", "float", "round", "round(1)", "round(2, 'floor')", "tojson",
    "json", "join(', ')", "default('dflt')", "wordcount", "center(9)", "truncate(5)", "truncate(9, true)",
    "indent(2)", "replace('l', 'L')", "batch(2)|list", "map('string')|list", "select('odd')|list",
    "reject('even')|list", "sort(reverse=true)", "trim('H')", "replace('', '-')",
]
TESTS = [
    "defined", "undefined", "none", "number", "string", "mapping", "iterable", "sequence", "odd", "even",
    "divisibleby 2", "eq 1", "lt 3", "in [1, 2, 'a']", "lower", "upper", "boolean", "integer", "float",
]
DIFFERENCES = ("<generator", "dict_", "('", "(1", "object at", "range(")


def expression(rng, depth=0):
    roll = rng.random()
    if depth > 2 or roll < 0.3:
        return rng.choice(ATOMS)
    if roll < 0.55:
        return f"{expression(rng, depth + 1)} {rng.choice(OPERATORS)} {expression(rng, depth + 1)}"
    if roll < 0.75:
        return f"({expression(rng, depth + 1)}) | {rng.choice(FILTERS)}"
    if roll < 0.85:
        return f"{expression(rng, depth + 1)} is {rng.choice(['', 'not '])}{rng.choice(TESTS)}"
    if roll < 0.92:
        return f"{expression(rng, depth + 1)} if {expression(rng, depth + 1)} else {expression(rng, depth + 1)}"
    return f"not {expression(rng, depth + 1)}"


TEXTS = ["", " ", "  ", "\n", "\n\n", "  \n  ", "text", "a b", "\t", "line\n", " x ", "é", "\r\n"]
OUTPUTS = ["n", "xs", "s", "d.a", "xs[0]", "n + 1", "xs | join(',')", "t", "d", "s ~ n", "'lit'", "n * 2.5"]


def template(rng, depth=0):
    def tag(body):
        return "{%" + rng.choice(["", "", "-", "+"]) + " " + body + " " + rng.choice(["", "", "-"]) + "%}"

    def strip():
        return rng.choice(["", "", "-"])

    parts = []
    for _ in range(rng.randint(1, 4)):
        roll = rng.random()
        if roll < 0.3:
            parts.append(rng.choice(TEXTS))
        elif roll < 0.5:
            parts.append("{{" + strip() + " " + rng.choice(OUTPUTS) + " " + strip() + "}}")
        elif roll < 0.6 and depth < 3:
            otherwise = tag("else") + template(rng, depth + 1) if rng.random() < 0.5 else ""
            condition = rng.choice(["t", "z", "n > 2", "xs", "e", "s == 'Hi'"])
            parts.append(tag("if " + condition) + template(rng, depth + 1) + otherwise + tag("endif"))
        elif roll < 0.72 and depth < 3:
            iterable = rng.choice(["xs", "e", "d", "range(2)", "objs", "'ab'"])
            otherwise = tag("else") + template(rng, depth + 1) if rng.random() < 0.3 else ""
            body = template(rng, depth + 1) + "{{ item }}{{ loop.index }}"
            parts.append(tag(f"for item in {iterable}") + body + otherwise + tag("endfor"))
        elif roll < 0.8:
            parts.append(tag("set y = " + rng.choice(OUTPUTS)) + "{{ y }}")
        elif roll < 0.88:
            parts.append("{#" + strip() + " note " + strip() + "#}")
        elif roll < 0.93:
            raw = rng.choice(TEXTS) + "{{ x }}" + rng.choice(TEXTS)
            parts.append("{%" + strip() + " raw " + strip() + "%}" + raw + "{%" + strip() + " endraw " + strip() + "%}")
        else:
            parts.append(rng.choice(TEXTS))
    return "".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["expressions", "templates"], default="expressions")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--sluice", default=str(ROOT / ".build" / "debug" / "sluice"))
    options = parser.parse_args()
    rng = random.Random(options.seed)
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    environment.filters["json"] = lambda value, indent=2: json.dumps(value, indent=indent, ensure_ascii=False)
    findings = 0
    with tempfile.TemporaryDirectory() as directory:
        folder = pathlib.Path(directory)
        (folder / "context.json").write_text(json.dumps(CONTEXT), encoding="utf-8")
        for index in range(options.count):
            source = "{{ " + expression(rng) + " }}" if options.mode == "expressions" else template(rng)
            try:
                # A fresh copy each time: some Jinja2 filters mutate their input in place.
                expected, jinja_error = environment.from_string(source).render(copy.deepcopy(CONTEXT)), None
            except Exception as error:  # every Jinja2 failure means Sluice must fail too
                expected, jinja_error = None, f"{type(error).__name__}: {error}"
            if expected is not None and any(marker in expected for marker in DIFFERENCES):
                continue
            path = folder / f"case{index}.jinja"
            path.write_bytes(source.encode("utf-8"))
            result = subprocess.run(
                [options.sluice, "render", str(path), "--context", str(folder / "context.json")],
                capture_output=True)
            output = result.stdout.decode("utf-8")
            if jinja_error is None and (result.returncode != 0 or output != expected):
                findings += 1
                print(f"differs: {source!r}\n  jinja2: {expected!r}\n  sluice: {output!r} "
                      f"{result.stderr.decode('utf-8').splitlines()[:1]}")
            elif jinja_error is not None and result.returncode == 0:
                findings += 1
                print(f"only Jinja2 fails: {source!r}\n  jinja2: {jinja_error}\n  sluice: {output!r}")
            elif result.returncode not in (0, 2):
                findings += 1
                print(f"sluice exited with {result.returncode}: {source!r}")
    print(f"{options.count} cases, {findings} findings")
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
