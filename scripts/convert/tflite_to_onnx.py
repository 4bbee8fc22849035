#!/usr/bin/env python3
"""Convert a float32 MediaPipe TFLite model (face mesh, iris) to ONNX for OpenCV 4.6, with deterministic bytes.

Usage: python3 scripts/convert/tflite_to_onnx.py INPUT.tflite OUTPUT.onnx

Runs the stock converter `tflite2onnx` (0.4.1, pinned in scripts/setup-requirements.txt; no TensorFlow needed),
then writes the graph's initializers and value infos sorted by name: tflite2onnx lists them in an order that changes
from run to run (set iteration), which would make the file's sha256 useless for verification. Sorting changes no
computation. The result is checked to load with the ONNX checker.
"""
import os
import subprocess
import sys
import tempfile

import onnx


def canonical(model):
    """The same model with initializers and value infos in name order."""
    for field in (model.graph.initializer, model.graph.value_info):
        items = sorted(field, key=lambda item: item.name)
        del field[:]
        field.extend(items)
    return model


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    source, output = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as scratch:
        raw = os.path.join(scratch, "raw.onnx")
        converter = os.path.join(os.path.dirname(sys.executable), "tflite2onnx")
        command = [converter] if os.path.exists(converter) else [sys.executable, "-m", "tflite2onnx.convert"]
        run = subprocess.run(command + [source, raw], capture_output=True, text=True)
        if run.returncode != 0 or not os.path.exists(raw):
            last = (run.stderr.strip().splitlines() or [f"exit status {run.returncode}"])[-1]
            sys.exit(f"tflite2onnx failed on {source}: {last}")
        model = canonical(onnx.load(raw))
    onnx.checker.check_model(model)
    onnx.save(model, output)


if __name__ == "__main__":
    main()
