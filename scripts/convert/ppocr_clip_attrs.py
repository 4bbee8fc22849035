#!/usr/bin/env python3
"""Patch the PP-OCRv4 text detector (ONNX, opset 12) so that OpenCV 4.6's ONNX importer loads it.

Usage: python3 scripts/convert/ppocr_clip_attrs.py INPUT.onnx OUTPUT.onnx

OpenCV 4.6 accepts `Clip` only in its opset-6 form (one input, `min`/`max` attributes) and rejects the opset-11+
form the PaddlePaddle export uses (min/max as inputs): "parseClip: expected node_proto.input_size() == 1".
The rewrite:
  * each `Clip(X, min, max)` whose min/max come from scalar `Constant` nodes or initializers becomes
    `Clip(X)` with float attributes `min`/`max` (an absent bound takes the float32 limit, as in the spec);
  * each `Resize(X, roi, scales)` (opset-11 form) that is nearest / asymmetric / floor with constant scales, the
    only kind in this model, becomes the opset-10 `Resize(X, scales)` with `mode="nearest"` (identical results:
    opset 10 defines nearest resizing by exactly that coordinate mapping);
  * constants no longer used are dropped, and the default-domain opset is set to 10, where both forms are the
    valid ones; every other operator in the graph has the same definition in opsets 10 and 12 (checked below by
    the ONNX checker and shape inference).
Anything else in the graph that would need a different rewrite is an error, not a guess.
The output bytes depend only on the input (no timestamps, no random names).
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

TARGET_OPSET = 10


class PatchError(Exception):
    pass


def constant_values(graph):
    """Output name -> numpy array, for Constant nodes with a tensor `value` and for initializers."""
    values = {init.name: numpy_helper.to_array(init) for init in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant":
            for attribute in node.attribute:
                if attribute.name == "value":
                    values[node.output[0]] = numpy_helper.to_array(attribute.t)
    return values


def attribute_map(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def scalar(values, name, node, default):
    if name == "":
        return default
    if name not in values:
        raise PatchError(f"{node.name}: input {name} is not a constant, cannot become an attribute")
    array = np.asarray(values[name])
    if array.size != 1:
        raise PatchError(f"{node.name}: input {name} is not a scalar (shape {array.shape})")
    return float(array.reshape(-1)[0])


def patch_clip(node, values):
    if len(node.input) <= 1:
        return False
    lowest = float(np.finfo(np.float32).min)
    highest = float(np.finfo(np.float32).max)
    low = scalar(values, node.input[1], node, lowest)
    high = scalar(values, node.input[2] if len(node.input) > 2 else "", node, highest)
    data = node.input[0]
    del node.input[:]
    node.input.append(data)
    del node.attribute[:]
    node.attribute.extend([helper.make_attribute("max", high), helper.make_attribute("min", low)])
    return True


def patch_resize(node, values):
    if len(node.input) <= 2:
        return False
    attributes = attribute_map(node)
    mode = attributes.get("mode", b"nearest")
    transform = attributes.get("coordinate_transformation_mode", b"half_pixel")
    rounding = attributes.get("nearest_mode", b"round_prefer_floor")
    if (mode, transform, rounding) != (b"nearest", b"asymmetric", b"floor"):
        raise PatchError(f"{node.name}: Resize {mode}/{transform}/{rounding} has no opset-10 equivalent")
    if len(node.input) > 3 and node.input[3] != "":
        raise PatchError(f"{node.name}: Resize by sizes has no opset-10 equivalent")
    scales = node.input[2]
    if scales not in values or values[scales].size == 0:
        raise PatchError(f"{node.name}: Resize scales are not a constant")
    data = node.input[0]
    del node.input[:]
    node.input.extend([data, scales])
    del node.attribute[:]
    node.attribute.append(helper.make_attribute("mode", "nearest"))
    return True


def patch(model):
    graph = model.graph
    opsets = {o.domain: o for o in model.opset_import}
    default = opsets.get("") or opsets.get("ai.onnx")
    if default is None or default.version < 11:
        raise PatchError("expected an opset-11+ model (opset imports: "
                         f"{[(o.domain, o.version) for o in model.opset_import]})")
    values = constant_values(graph)
    clips = resizes = 0
    for node in graph.node:
        if node.domain not in ("", "ai.onnx"):
            raise PatchError(f"{node.name}: operator domain {node.domain!r} not handled")
        if node.op_type == "Clip":
            clips += patch_clip(node, values)
        elif node.op_type == "Resize":
            resizes += patch_resize(node, values)
    if clips == 0:
        raise PatchError("no Clip node with min/max inputs found: is this the PP-OCRv4 detector?")

    # Drop constants nothing reads any more (their consumers were the rewritten inputs).
    used = {name for node in graph.node for name in node.input} | {o.name for o in graph.output}
    kept = [n for n in graph.node if not (n.op_type == "Constant" and n.output[0] not in used)]
    dropped = len(graph.node) - len(kept)
    del graph.node[:]
    graph.node.extend(kept)
    unused_initializers = [i for i in graph.initializer if i.name not in used]
    for initializer in unused_initializers:
        graph.initializer.remove(initializer)

    default.version = TARGET_OPSET
    return clips, resizes, dropped + len(unused_initializers)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    source, destination = argv[1], argv[2]
    model = onnx.load(source)
    try:
        clips, resizes, dropped = patch(model)
        onnx.checker.check_model(model, full_check=True)  # schema and shape inference under opset 10
    except (PatchError, onnx.checker.ValidationError, onnx.shape_inference.InferenceError) as error:
        print(f"ppocr_clip_attrs: {source}: {error}", file=sys.stderr)
        return 1
    with open(destination, "wb") as out:
        out.write(model.SerializeToString())
    print(f"ppocr_clip_attrs: {clips} Clip and {resizes} Resize nodes rewritten, {dropped} unused constants "
          f"dropped, opset {TARGET_OPSET} -> {destination}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
