"""Checks that every example in an OpenAPI 3.1 document fits the schema it illustrates.

openapi-spec-validator checks the document's shape but not its examples; a client developer
copies them, so they must be right. Usage: check_examples.py openapi/openapi.json
"""

import json
import sys

from openapi_schema_validator import OAS31Validator


def pointer(parts):
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def examples(node, path):
    """Yields (JSON pointer of a schema, example) for every schema example under node."""
    if isinstance(node, dict):
        if "example" in node:
            yield path, node["example"]
        for example in node.get("examples", []) if isinstance(node.get("examples"), list) else []:
            yield path, example
        for key, value in node.items():
            if key not in ("example", "examples"):
                yield from examples(value, path + [key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from examples(value, path + [i])


def main(file):
    with open(file, encoding="utf-8") as f:
        doc = json.load(f)
    checked, failures = 0, []
    schemas = doc.get("components", {}).get("schemas", {})
    for at, example in examples(schemas, ["components", "schemas"]):
        # The document itself is the root schema, so `#/components/...` references resolve.
        validator = OAS31Validator({**doc, "$ref": pointer(at)})
        errors = sorted(validator.iter_errors(example), key=lambda e: list(e.path))
        checked += 1
        for error in errors:
            failures.append(f"{pointer(at)} at {list(error.path)}: {error.message}")
    # Problem examples of responses must fit the Problem schema.
    for name, response in list(doc.get("components", {}).get("responses", {}).items()) + [
        (f"{method.upper()} {p} {status}", r)
        for p, item in doc.get("paths", {}).items()
        for method, op in item.items()
        for status, r in op.get("responses", {}).items()
    ]:
        for media, content in response.get("content", {}).items():
            schema = content.get("schema")
            for key, example in content.get("examples", {}).items():
                if schema is None or "value" not in example:
                    continue
                validator = OAS31Validator({**doc, **schema})
                checked += 1
                for error in validator.iter_errors(example["value"]):
                    failures.append(f"{name} {media} example {key}: {error.message}")
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"{file}: {checked} examples checked, {len(failures)} do not fit their schema")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "openapi/openapi.json"))
