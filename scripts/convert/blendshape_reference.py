#!/usr/bin/env python3
"""Reference blendshape scores for the test fixture, from an independent numpy forward pass.

Usage: python3 scripts/convert/blendshape_reference.py TENSORS LANDMARKS_JSON OUT_JSON

TENSORS is models/mp_face_blendshapes.tensors; LANDMARKS_JSON holds {"file": ..., "landmarks": [x0, y0, x1, ...]}
(478 points in image pixels, as EyeLandmarker gives them). OUT_JSON gets the same plus "scores": the 52 blendshape
scores in MediaPipe's order. Tests/IntegrationTests/BlendshapeModelTests.swift checks the C++ forward pass
(Sources/CVision/blendshape_model.cpp) against it. The numpy pass here was itself checked against OpenCV running the
mirror's ONNX rebuild of the model (largest difference 2.4e-6 on random inputs).
"""
import json
import sys

import numpy as np

# MediaPipe's kLandmarksSubsetIdxs (face_blendshapes_graph.cc).
SUBSET = [0, 1, 4, 5, 6, 7, 8, 10, 13, 14, 17, 21, 33, 37, 39, 40, 46, 52, 53, 54, 55, 58, 61, 63, 65, 66, 67, 70, 78,
          80, 81, 82, 84, 87, 88, 91, 93, 95, 103, 105, 107, 109, 127, 132, 133, 136, 144, 145, 146, 148, 149, 150, 152,
          153, 154, 155, 157, 158, 159, 160, 161, 162, 163, 168, 172, 173, 176, 178, 181, 185, 191, 195, 197, 234, 246,
          249, 251, 263, 267, 269, 270, 276, 282, 283, 284, 285, 288, 291, 293, 295, 296, 297, 300, 308, 310, 311, 312,
          314, 317, 318, 321, 323, 324, 332, 334, 336, 338, 356, 361, 362, 365, 373, 374, 375, 377, 378, 379, 380, 381,
          382, 384, 385, 386, 387, 388, 389, 390, 397, 398, 400, 402, 405, 409, 415, 454, 466, 468, 469, 470, 471, 472,
          473, 474, 475, 476, 477]


def load(path):
    with open(path, "rb") as f:
        if f.readline() != b"proctor-tensors 1\n":
            raise SystemExit("not a proctor tensor file")
        shapes = []
        while (line := f.readline().decode().strip()) != "end":
            name, *dims = line.split()
            shapes.append((name, [int(d) for d in dims]))
        return {name: np.frombuffer(f.read(4 * int(np.prod(dims))), "<f4").astype(np.float64).reshape(dims)
                for name, dims in shapes}


def layer_norm(x, scale):
    mean = x.mean(axis=1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=1, keepdims=True)
    return (x - mean) / np.sqrt(variance + 1e-6) * scale


def forward(w, landmarks):
    points = np.asarray(landmarks, np.float64).reshape(478, 2)[SUBSET]
    points = points - points.mean(axis=0)
    points = points / np.sqrt((points ** 2).sum(axis=1)).mean()
    tokens = w["embed_points.weight"] @ points + w["embed_points.bias"][:, None]
    x = np.vstack([w["class_token"][None, :], tokens @ w["embed_features.weight"].T + w["embed_features.bias"]])
    for b in range(4):
        p = f"block{b}."
        hidden = np.maximum(w[p + "token_mlp1.weight"] @ layer_norm(x, w[p + "token_norm.scale"])
                            + w[p + "token_mlp1.bias"][:, None], 0)
        x = x + w[p + "token_mlp2.weight"] @ hidden + w[p + "token_mlp2.bias"][:, None]
        hidden = np.maximum(layer_norm(x, w[p + "channel_norm.scale"]) @ w[p + "channel_mlp1.weight"].T
                            + w[p + "channel_mlp1.bias"], 0)
        x = x + hidden @ w[p + "channel_mlp2.weight"].T + w[p + "channel_mlp2.bias"]
    logits = w["head.weight"] @ x[0] + w["head.bias"]
    return 1 / (1 + np.exp(-logits))


def main(tensors, landmarks_json, out_json):
    with open(landmarks_json) as f:
        fixture = json.load(f)
    fixture["scores"] = [round(float(s), 7) for s in forward(load(tensors), fixture["landmarks"])]
    with open(out_json, "w") as f:
        json.dump(fixture, f)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
