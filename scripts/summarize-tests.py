#!/usr/bin/env python3
"""Sums the xUnit result files of one test run and prints the plain summary line CI reads."""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

passed = failed = skipped = 0
for path in sorted(Path(sys.argv[1]).glob("*.xml")):
    root = ET.parse(path).getroot()
    for assembly in root.iter("assembly"):
        p = int(assembly.get("passed", 0))
        f = int(assembly.get("failed", 0)) + int(assembly.get("errors", 0) or 0)
        s = int(assembly.get("skipped", 0))
        print(f"{assembly.get('name', path.stem)}: {p} passed, {f} failed, {s} skipped")
        passed, failed, skipped = passed + p, failed + f, skipped + s
    for test in root.iter("test"):
        if test.get("result") == "Fail":
            print(f"FAILED: {test.get('name')}")

sys.stdout.flush()
print(f"{passed} passed, {failed} failed, {skipped} skipped", flush=True)
sys.exit(1 if failed else 0)
