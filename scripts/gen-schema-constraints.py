#!/usr/bin/env python3
"""Generate src/catalog/schema_data.rs: the value constraints AWS's resource provider schemas
state for every property of every resource type scalectl emits (enum and const, pattern,
minLength/maxLength, minimum/maximum, minItems/maxItems), for `validate::schema`.

Source: the resource provider schemas cfn-lint ships (the copy `cfnlint.schema`'s
PROVIDER_SCHEMA_MANAGER serves; they are the same in every commercial region scalectl knows,
which this script checks). The resource types are read from src/cfn/resources/*.rs
(`const TYPE: &'static str = "AWS::...";`), so the table holds what scalectl can emit and
nothing else.

What is left out, and why:
- constraints under `oneOf`/`anyOf`/`allOf` branches: they hold for one branch only;
- `format`, `patternProperties` and `required`: not value constraints of a property;
- read-only properties (`readOnlyProperties`): a template never sets them.

Run from the repository root after `scripts/test` has created .venv:
    .venv/bin/python scripts/gen-schema-constraints.py
"""
import datetime
import glob
import json
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src/catalog/schema_data.rs")

try:
    import cfnlint
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
except ImportError:
    sys.exit("no cfn-lint: run with .venv/bin/python after scripts/test has created .venv")

try:
    from importlib.metadata import version

    CFN_LINT_VERSION = version("cfn-lint")
except Exception:  # pragma: no cover - an old Python or an odd install
    CFN_LINT_VERSION = getattr(cfnlint, "__version__", "unknown")

# The resource types scalectl emits: each typed property struct names its type.
TYPES = set()
for path in glob.glob(os.path.join(ROOT, "src/cfn/resources/*.rs")):
    TYPES.update(re.findall(r'const TYPE: &\'static str = "(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)"', open(path).read()))
TYPES = sorted(TYPES)
if not TYPES:
    sys.exit("no resource types found in src/cfn/resources/*.rs")

# The regions of the catalog: the schemas must not differ between them, or one table would
# hold one region's truth for all.
REGIONS = sorted(set(re.findall(r'code: "([a-z0-9-]+)"', open(os.path.join(ROOT, "src/catalog/regions.rs")).read())))

# Constraint kinds in the order they are listed for one property.
KINDS = ["Enum", "Pattern", "MinLength", "MaxLength", "Minimum", "Maximum", "MinItems", "MaxItems"]


def schema_of(region, resource_type):
    return PROVIDER_SCHEMA_MANAGER.get_resource_schema(region, resource_type).schema


def resolve(node, root, seen):
    """Follow `$ref`s into the schema's definitions; None on a cycle."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen or not ref.startswith("#/"):
            return None, seen
        seen = seen | {ref}
        target = root
        for part in ref[2:].split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node, seen


def enum_text(value):
    """An enum value as the text a template value is compared with."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number_text(value)
    return str(value)


def number_text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def constraints_of(node):
    found = []
    values = None
    if "enum" in node:
        values = node["enum"]
    elif "const" in node:
        values = [node["const"]]
    if values is not None and all(not isinstance(v, (dict, list)) for v in values):
        texts = []
        for v in values:
            t = enum_text(v)
            if t not in texts:
                texts.append(t)
        found.append(("Enum", texts))
    if isinstance(node.get("pattern"), str):
        found.append(("Pattern", node["pattern"]))
    for key, kind in [
        ("minLength", "MinLength"),
        ("maxLength", "MaxLength"),
        ("minimum", "Minimum"),
        ("maximum", "Maximum"),
        ("minItems", "MinItems"),
        ("maxItems", "MaxItems"),
    ]:
        value = node.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            found.append((kind, value))
    return found


def walk(node, root, path, out, seen=frozenset()):
    node, seen = resolve(node, root, seen)
    if not isinstance(node, dict):
        return
    if path:
        for kind, value in constraints_of(node):
            out.setdefault((path, kind), value)
    for name, child in sorted((node.get("properties") or {}).items()):
        walk(child, root, f"{path}.{name}" if path else name, out, seen)
    items = node.get("items")
    if isinstance(items, dict):
        walk(items, root, f"{path}[*]", out, seen)


def table(resource_type):
    schema = schema_of("us-east-1", resource_type)
    read_only = {p.removeprefix("/properties/").replace("/", ".") for p in schema.get("readOnlyProperties", [])}
    out = {}
    walk({"properties": schema.get("properties", {})}, schema, "", out)
    rows = [
        (path, kind, value)
        for (path, kind), value in out.items()
        if path.split("[")[0] not in read_only and path not in read_only
    ]
    rows.sort(key=lambda r: (r[0], KINDS.index(r[1])))
    return rows


def rust_str(s):
    out = ['"']
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def rust_f64(value):
    text = repr(float(value))
    if "e" in text or "inf" in text or "nan" in text:
        sys.exit(f"unexpected number {value}")
    return text


def rule(kind, value):
    if kind == "Enum":
        return "Enum(&[" + ", ".join(rust_str(v) for v in value) + "])"
    if kind == "Pattern":
        return f"Pattern({rust_str(value)})"
    if kind in ("Minimum", "Maximum"):
        return f"{kind}({rust_f64(value)})"
    return f"{kind}({int(value)})"


def main():
    base = {t: json.dumps(schema_of("us-east-1", t), sort_keys=True) for t in TYPES}
    for region in REGIONS:
        for t in TYPES:
            if json.dumps(schema_of(region, t), sort_keys=True) != base[t]:
                sys.exit(f"{t} differs in {region}: the table would need a region key")

    tables = {t: table(t) for t in TYPES}
    counts = {k: 0 for k in KINDS}
    for rows in tables.values():
        for _, kind, _ in rows:
            counts[kind] += 1
    total = sum(counts.values())
    today = datetime.date.today().isoformat()

    out = []
    out.append("//! What AWS's resource provider schemas state about the values of the properties")
    out.append("//! scalectl emits: enums (and consts), patterns, string lengths, number ranges and")
    out.append("//! list sizes, by resource type and property path (`Foo.Bar`, `List[*].Baz`).")
    out.append("//!")
    out.append(f"//! Generated by `scripts/gen-schema-constraints.py` on {today} from the resource provider")
    out.append(f"//! schemas cfn-lint {CFN_LINT_VERSION} ships (the same in every region of the catalog); do not")
    out.append("//! edit by hand. To regenerate after upgrading cfn-lint in .venv or adding a resource type:")
    out.append("//! `.venv/bin/python scripts/gen-schema-constraints.py`.")
    out.append("//!")
    out.append(f"//! {len(TYPES)} resource types, {total} constraints: " + ", ".join(f"{counts[k]} {k}" for k in KINDS) + ".")
    out.append("")
    out.append("/// One constraint a schema puts on a property value.")
    out.append("#[derive(Debug, Clone, Copy, PartialEq)]")
    out.append("pub enum Rule {")
    out.append("    /// The value is one of these (numbers and booleans as their JSON text).")
    out.append("    Enum(&'static [&'static str]),")
    out.append("    /// The value matches this ECMA-262 regular expression somewhere (unanchored).")
    out.append("    Pattern(&'static str),")
    out.append("    /// At least this many characters.")
    out.append("    MinLength(u64),")
    out.append("    /// At most this many characters.")
    out.append("    MaxLength(u64),")
    out.append("    /// At least this number.")
    out.append("    Minimum(f64),")
    out.append("    /// At most this number.")
    out.append("    Maximum(f64),")
    out.append("    /// At least this many list items.")
    out.append("    MinItems(u64),")
    out.append("    /// At most this many list items.")
    out.append("    MaxItems(u64),")
    out.append("}")
    out.append("")
    out.append("/// A constraint on the property at `path` of a resource.")
    out.append("#[derive(Debug, Clone, Copy, PartialEq)]")
    out.append("pub struct Constraint {")
    out.append("    /// Property path below `Properties`: names joined by `.`, `[*]` for a list's items.")
    out.append("    pub path: &'static str,")
    out.append("    /// What the value must satisfy.")
    out.append("    pub rule: Rule,")
    out.append("}")
    out.append("")
    out.append("/// The constraints of one resource type, sorted by path.")
    out.append("#[derive(Debug, Clone, Copy, PartialEq)]")
    out.append("pub struct ResourceConstraints {")
    out.append("    /// The CloudFormation type, e.g. `AWS::SQS::Queue`.")
    out.append("    pub resource_type: &'static str,")
    out.append("    /// Its constraints.")
    out.append("    pub constraints: &'static [Constraint],")
    out.append("}")
    out.append("")
    out.append("/// Every resource type scalectl emits, sorted by type.")
    out.append("#[rustfmt::skip]")
    out.append("pub static RESOURCES: &[ResourceConstraints] = &[")
    for t in TYPES:
        out.append("    ResourceConstraints {")
        out.append(f"        resource_type: {rust_str(t)},")
        if not tables[t]:
            out.append("        constraints: &[],")
        else:
            out.append("        constraints: &[")
            for path, kind, value in tables[t]:
                out.append(f"            Constraint {{ path: {rust_str(path)}, rule: Rule::{rule(kind, value)} }},")
            out.append("        ],")
        out.append("    },")
    out.append("];")
    open(OUT, "w").write("\n".join(out) + "\n")
    print(f"{len(TYPES)} resource types, {total} constraints: " + ", ".join(f"{counts[k]} {k}" for k in KINDS))


main()
