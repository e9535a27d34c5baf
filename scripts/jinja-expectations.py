#!/usr/bin/env python3
"""Regenerates the expected outputs of the template differential corpus with real Jinja2.

Each case in Tests/SluiceTemplatesTests/Fixtures/Corpus is NAME.jinja (the template) with an
optional NAME.json (the context, an object; {} when absent). This script renders every case
with Jinja2 configured as Sluice's template language is (strict undefined, final newline kept,
no autoescaping, includes from Corpus/templates) and writes NAME.expected with the output, or
NAME.error with the exception when Jinja2 refuses the template. The Swift test
SluiceTemplatesTests/DifferentialCorpusTests renders every case and compares.

    pip install jinja2==3.1.6
    python3 scripts/jinja-expectations.py          # rewrite the expectations
    python3 scripts/jinja-expectations.py --check  # fail if any expectation is out of date

CI never runs this script: the expectations are committed.
"""

import json
import pathlib
import sys

import jinja2

CORPUS = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "SluiceTemplatesTests" / "Fixtures" / "Corpus"


def json_filter(value, indent=2):
    """Sluice's `json` extension filter: pretty, insertion order, non-ASCII kept as is."""
    return json.dumps(value, indent=indent, ensure_ascii=False)


def make_environment():
    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        loader=jinja2.FileSystemLoader(str(CORPUS / "templates")),
    )
    environment.filters["json"] = json_filter
    return environment


def expectation(environment, template_path):
    """Returns (suffix, text): ('.expected', output) or ('.error', 'ExceptionName: message')."""
    source = template_path.read_bytes().decode("utf-8")  # keep \r\n exactly as written
    context_path = template_path.with_suffix(".json")
    context = json.loads(context_path.read_text(encoding="utf-8")) if context_path.exists() else {}
    try:
        return ".expected", environment.from_string(source).render(context)
    except Exception as error:  # every failure is an expectation: Sluice must fail too
        return ".error", f"{type(error).__name__}: {error}\n"


def main():
    check = "--check" in sys.argv[1:]
    if jinja2.__version__ != "3.1.6":
        print(f"warning: expectations were made with Jinja2 3.1.6, this is {jinja2.__version__}", file=sys.stderr)
    environment = make_environment()
    stale = []
    cases = sorted(CORPUS.glob("*.jinja"))
    for template_path in cases:
        suffix, text = expectation(environment, template_path)
        target = template_path.with_suffix(suffix)
        other = template_path.with_suffix(".error" if suffix == ".expected" else ".expected")
        current = target.read_bytes().decode("utf-8") if target.exists() else None
        if current != text or other.exists():
            stale.append(template_path.stem)
            if not check:
                target.write_bytes(text.encode("utf-8"))
                if other.exists():
                    other.unlink()
    errors = sum(1 for path in cases if path.with_suffix(".error").exists())
    print(f"{len(cases)} cases ({errors} expected errors); {len(stale)} {'stale' if check else 'updated'}")
    if check and stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
