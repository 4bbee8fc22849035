#!/usr/bin/env python3
"""Fails when a Swift file is over 400 lines or a function (func, init, closure-free body) over 60.

Counts a function from its `func`/`init` line to the line of its matching closing brace, skipping braces inside
string literals and comments. Usage: scripts/check_sizes.py [folders...] (default: Sources Tests).
"""
import re
import sys
from pathlib import Path

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
DECLARATION = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|package|open|"
                         r"static|class|final|override|mutating|nonisolated|convenience|required)\s+)*"
                         r"(?:func\s+\w+|init[?!]?)\s*[(<]")


def code_only(line: str) -> str:
    """The line without string literals and a trailing // comment (good enough for brace counting)."""
    line = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
    return line.split("//", 1)[0]


def long_functions(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    for start, line in enumerate(lines):
        if not DECLARATION.match(line):
            continue
        depth, opened = 0, False
        for end in range(start, len(lines)):
            code = code_only(lines[end])
            depth += code.count("{") - code.count("}")
            opened = opened or "{" in code
            if opened and depth <= 0:
                length = end - start + 1
                if length > MAX_FUNCTION_LINES:
                    yield start + 1, length, line.strip()
                break
            if not opened and end - start >= 6:
                break  # no body within the signature's lines: a protocol requirement


def main() -> int:
    roots = [Path(arg) for arg in sys.argv[1:]] or [Path("Sources"), Path("Tests")]
    problems = []
    for root in roots:
        for path in sorted(root.rglob("*.swift")):
            count = len(path.read_text(encoding="utf-8").splitlines())
            if count > MAX_FILE_LINES:
                problems.append(f"{path}: {count} lines (at most {MAX_FILE_LINES})")
            for line, length, declaration in long_functions(path):
                problems.append(f"{path}:{line}: function of {length} lines (at most {MAX_FUNCTION_LINES}): "
                                f"{declaration[:80]}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
