"""The deployment template as an AWS emulator (ministack, LocalStack) gets it
from infra/deploy.sh --endpoint-url: what `sam build` would write, made by
hand because the functions are built for this machine (the emulator runs
them here) rather than cross-built for arm64.

  emulator_template.py TEMPLATE --code LogicalId=s3://bucket/key ... \
                       [--skip LogicalId ...]  > built.json

- Each AWS::Serverless::Function gets its own CodeUri (the packaged zip)
  instead of the Globals' source folder.
- --skip removes a resource the emulator cannot create, with the outputs
  that only describe it. Anything else that refers to it stops the build:
  a skipped resource may never change what the rest of the stack does.

infra/template.yaml itself is never changed to suit an emulator.
"""

import argparse
import json
import sys

from cfnlint.decode import decode


def refers_to(node, name):
    """Whether a template fragment refers to the resource `name`."""
    if isinstance(node, dict):
        if node.get("Ref") == name:
            return True
        att = node.get("Fn::GetAtt")
        if isinstance(att, list) and att and att[0] == name:
            return True
        if isinstance(att, str) and att.split(".")[0] == name:
            return True
        sub = node.get("Fn::Sub")
        text = sub[0] if isinstance(sub, list) and sub else sub
        if isinstance(text, str) and ("${" + name + "}" in text or "${" + name + "." in text):
            return True
        depends = node.get("DependsOn")
        if depends == name or (isinstance(depends, list) and name in depends):
            return True
        return any(refers_to(v, name) for v in node.values())
    if isinstance(node, list):
        return any(refers_to(v, name) for v in node)
    return False


def build(template, code, skip):
    resources = template["Resources"]
    functions = {n for n, r in resources.items() if r["Type"] == "AWS::Serverless::Function"}
    missing = functions - set(code)
    unknown = set(code) - functions
    if missing or unknown:
        raise ValueError(f"--code must name every function: missing {sorted(missing)}, unknown {sorted(unknown)}")
    for name in skip:
        if name not in resources:
            raise ValueError(f"--skip {name}: no such resource")
        del resources[name]
    for name in skip:
        users = [n for n, r in resources.items() if refers_to(r, name)]
        if users:
            raise ValueError(f"--skip {name}: {', '.join(sorted(users))} refer to it")
        for output in [n for n, o in template.get("Outputs", {}).items() if refers_to(o, name)]:
            del template["Outputs"][output]
    template.get("Globals", {}).get("Function", {}).pop("CodeUri", None)
    for name, uri in code.items():
        resources[name]["Properties"]["CodeUri"] = uri
        resources[name].pop("Metadata", None)
    return template


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("template")
    parser.add_argument("--code", action="append", default=[], metavar="LogicalId=s3://bucket/key")
    parser.add_argument("--skip", action="append", default=[], metavar="LogicalId")
    args = parser.parse_args(argv)
    template, problems = decode(args.template)
    if problems:
        print(f"{args.template} does not parse: {problems}", file=sys.stderr)
        return 2
    code = dict(pair.split("=", 1) for pair in args.code)
    try:
        built = build(template, code, args.skip)
    except ValueError as e:
        print(e, file=sys.stderr)
        return 2
    json.dump(built, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
