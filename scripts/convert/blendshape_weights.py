#!/usr/bin/env python3
"""Extract the weights of MediaPipe's face blendshape model into a proctor tensor file.

Usage: python3 scripts/convert/blendshape_weights.py INPUT OUTPUT

INPUT is one of:
  - face_landmarker.task (the Face Landmarker v2 bundle from Google's model storage; a zip holding
    face_blendshapes.tflite), or that face_blendshapes.tflite itself: float16 weights, read with the `tflite` package;
  - an ONNX rebuild of the same model (the development mirror's mp_face_blendshapes.onnx), read with `onnx`.
Both give the same float32 values, so OUTPUT is byte-identical whichever INPUT was used (the manifest's sha256 checks
that). The format, and the forward pass that reads it, are described in Sources/CVision/blendshape_model.cpp.

The network (an MLP-Mixer) is recognised by its structure, and every assumption is checked: 19 1x1 convolutions
(points -> 96 tokens, 2 -> 64 features, four blocks of token MLP 97->384->97 and channel MLP 64->256->64 with ReLU
after the first layer of each, a 64 -> 52 head), eight LayerNorm scales of 64, one class token, and the input scaled
by 0.5 before the first convolution (folded into its weights here).
"""
import io
import os
import sys
import zipfile

import numpy as np

BLOCKS = 4
SHAPES = {"tokens": 96, "points": 146, "features": 64, "token_hidden": 384, "channel_hidden": 256, "outputs": 52}


def tensor_names():
    names = ["embed_points.weight", "embed_points.bias", "embed_features.weight", "embed_features.bias",
             "class_token"]
    for b in range(BLOCKS):
        p = f"block{b}."
        names += [p + "token_norm.scale", p + "token_mlp1.weight", p + "token_mlp1.bias", p + "token_mlp2.weight",
                  p + "token_mlp2.bias", p + "channel_norm.scale", p + "channel_mlp1.weight", p + "channel_mlp1.bias",
                  p + "channel_mlp2.weight", p + "channel_mlp2.bias"]
    return names + ["head.weight", "head.bias"]


def assemble(dense, scales, token, input_scale):
    """Name the layers: dense = [(weight [out, in], bias [out], relu)] in graph order, scales = 8 LayerNorm scales."""
    if len(dense) != 2 + 4 * BLOCKS + 1 or len(scales) != 2 * BLOCKS:
        raise SystemExit(f"unexpected structure: {len(dense)} dense layers, {len(scales)} LayerNorm scales")
    expect_relu = [False, False] + [True, False] * (2 * BLOCKS) + [False]
    if [relu for _, _, relu in dense] != expect_relu:
        raise SystemExit("unexpected activations: ReLU must follow the first layer of each MLP and nothing else")
    if input_scale != 0.5:
        raise SystemExit(f"unexpected input scale {input_scale}")
    w = {}
    (w0, b0, _), (w1, b1, _) = dense[0], dense[1]
    w["embed_points.weight"], w["embed_points.bias"] = w0 * np.float32(input_scale), b0
    w["embed_features.weight"], w["embed_features.bias"] = w1, b1
    w["class_token"] = token
    for b in range(BLOCKS):
        p, layers = f"block{b}.", dense[2 + 4 * b: 6 + 4 * b]
        w[p + "token_norm.scale"], w[p + "channel_norm.scale"] = scales[2 * b], scales[2 * b + 1]
        for name, (weight, bias, _) in zip(["token_mlp1", "token_mlp2", "channel_mlp1", "channel_mlp2"], layers):
            w[p + name + ".weight"], w[p + name + ".bias"] = weight, bias
    w["head.weight"], w["head.bias"] = dense[-1][0], dense[-1][1]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in w.items()}


def from_tflite(data):
    import tflite
    from tflite.BuiltinOperator import BuiltinOperator
    from tflite.Conv2DOptions import Conv2DOptions
    from tflite.ActivationFunctionType import ActivationFunctionType

    ops_by_code = {v: k for k, v in BuiltinOperator.__dict__.items() if not k.startswith("_")}
    model = tflite.Model.GetRootAsModel(data, 0)
    graph = model.Subgraphs(0)
    dtypes = {0: np.float32, 1: np.float16, 2: np.int32}

    def stored(index):
        tensor = graph.Tensors(index)
        buffer = model.Buffers(tensor.Buffer())
        if buffer is None or buffer.DataLength() == 0:
            return None
        shape = [int(d) for d in tensor.ShapeAsNumpy()] if tensor.ShapeLength() else []
        return np.frombuffer(buffer.DataAsNumpy().tobytes(), dtype=dtypes[tensor.Type()]).reshape(shape)

    constants, operators = {}, []
    for n in range(graph.OperatorsLength()):
        op = graph.Operators(n)
        code = model.OperatorCodes(op.OpcodeIndex())
        name = ops_by_code[max(code.BuiltinCode(), code.DeprecatedBuiltinCode())]
        inputs = [op.Inputs(i) for i in range(op.InputsLength())]
        if name == "DEQUANTIZE":
            constants[op.Outputs(0)] = stored(inputs[0]).astype(np.float32)
        else:
            operators.append((name, inputs, op))

    def constant(index):
        return constants[index] if index in constants else stored(index)

    dense, scales, token, input_scale = [], [], None, None
    for name, inputs, op in operators:
        if name == "CONV_2D":
            options = Conv2DOptions()
            table = op.BuiltinOptions()
            options.Init(table.Bytes, table.Pos)
            relu = options.FusedActivationFunction() == ActivationFunctionType.RELU
            weight = constant(inputs[1])
            dense.append((weight.reshape(weight.shape[0], weight.shape[-1]), constant(inputs[2]), relu))
        elif name == "MUL":
            value = constant(inputs[1])
            if value is not None and value.shape == (SHAPES["features"],):
                scales.append(value)
            elif value is not None and value.size == 1 and not dense:
                input_scale = float(value.reshape(()))
        elif name == "CONCATENATION":
            token = constant(inputs[0]).reshape(SHAPES["features"])
    return assemble(dense, scales, token, input_scale)


def from_onnx(path):
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(path).graph
    values = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    producers = {out: node for node in graph.node for out in node.output}
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    dense, scales, token = [], [], None
    for node in graph.node:
        if node.op_type == "Conv":
            weight = values[node.input[1]]
            relu = any(c.op_type == "Relu" for c in consumers.get(node.output[0], []))
            dense.append((weight.reshape(weight.shape[0], weight.shape[1]), values[node.input[2]], relu))
        elif node.op_type == "Mul" and node.input[1] in values and values[node.input[1]].size == SHAPES["features"]:
            scales.append(values[node.input[1]].reshape(SHAPES["features"]))
        elif node.op_type == "Concat":
            token = values[node.input[0]].reshape(SHAPES["features"])
    if "points" not in {i.name for i in graph.input} or not producers:
        raise SystemExit("not the blendshape ONNX rebuild (no 'points' input)")
    # This rebuild has already folded the 0.5 input scale into the first convolution: unfold it exactly.
    w0, b0, relu0 = dense[0]
    dense[0] = (w0 / np.float32(0.5), b0, relu0)
    return assemble(dense, scales, token, 0.5)


def write(weights, out):
    names = tensor_names()
    if sorted(names) != sorted(weights):
        raise SystemExit("internal error: tensor names do not match")
    header = io.StringIO()
    header.write("proctor-tensors 1\n")
    for name in names:
        header.write(name + " " + " ".join(str(d) for d in weights[name].shape) + "\n")
    header.write("end\n")
    with open(out, "wb") as f:
        f.write(header.getvalue().encode("ascii"))
        for name in names:
            f.write(weights[name].astype("<f4").tobytes())


def main(source, out):
    if source.endswith(".onnx"):
        weights = from_onnx(source)
    else:
        with open(source, "rb") as f:
            data = f.read()
        if zipfile.is_zipfile(source):
            with zipfile.ZipFile(source) as bundle:
                data = bundle.read("face_blendshapes.tflite")
        weights = from_tflite(data)
    expected = {
        "embed_points.weight": (SHAPES["tokens"], SHAPES["points"]), "head.weight": (SHAPES["outputs"],
                                                                                        SHAPES["features"]),
        "block0.token_mlp1.weight": (SHAPES["token_hidden"], SHAPES["tokens"] + 1),
        "block0.channel_mlp1.weight": (SHAPES["channel_hidden"], SHAPES["features"]),
    }
    for name, shape in expected.items():
        if weights[name].shape != shape:
            raise SystemExit(f"{name} has shape {weights[name].shape}, expected {shape}")
    write(weights, out)
    print(f"wrote {out} ({os.path.getsize(out)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
