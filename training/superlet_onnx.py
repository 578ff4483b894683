"""Adaptive superlet as an ONNX graph, so the scalogram can run on the same ONNX Runtime device as the model.

Run ``python -m training.superlet_onnx --out models/superlet`` to (re)write ``superlet-float64.onnx``,
``superlet-float32.onnx`` and ``model-spec.json``.

One graph serves every sampling rate and signal length: everything that depends on them is fed in by the caller
(``superlet_inputs`` here; ``src-main/engine/inference/superlet-onnx-inputs.ts`` in the app, from the same
``morletWavelet`` and resize taps as the TypeScript superlet). The graph itself holds only what the frequency grid
fixes: which wavelet belongs to which frequency and the 1/(order·ln 10) of the geometric mean.

Graph (T = float64 or float32; B leads, N samples, M = 2·fs taps, W wavelets, P needed samples)::

    padded  = Pad(signal, M zeros each side)                     (B, N + 2M)   T
    windows = Gather(padded, window_start[:, None] + arange(M))   (B, P, M)     T
    re, im  = windows @ bank[:, :W], windows @ bank[:, W:]        (B, P, W)     T   √2·z of each wavelet
    lnpow   = log((re + 1e-12)² + im²)                            (B, P, W)     T
    logpow  = float32(lnpow @ mean)                               (B, P, 32)    log10 power, column 0 = 40 Hz
    out     = w_left·logpow[left] + w_right·logpow[right]         (B, 32, 256)  float32, torch linear resize

The resize runs in float32 with one rounding per product and sum, as torch's ``F.interpolate`` and the TypeScript
``superlet`` do, so a float64 graph gives the TypeScript scalogram to the last bit up to float64 round-off.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from training.superlet_torch import EPS, FREQ_MAX_HZ, FREQ_MIN_HZ, N_FREQS, WIDTH, morlet_bank, orders_per_freq

OPSET = 17
# Taps below this fraction of a wavelet's peak magnitude are zeroed, as the TypeScript superlet drops them
# (superlet-plan.ts NEGLIGIBLE). Besides matching it, this keeps float32 denormals (Gaussian tails ~1e-40) out of the
# MatMul, where they slow the CPU's GEMM down ~10×.
NEGLIGIBLE = 1e-15
SPEC_VERSION = 1
DTYPES = {"float64": (TensorProto.DOUBLE, np.float64), "float32": (TensorProto.FLOAT, np.float32)}


def wavelet_index() -> list[tuple[int, int]]:
    """(frequency index, order) of each wavelet, in bank column order: frequency ascending, then order."""
    freqs = np.linspace(FREQ_MIN_HZ, FREQ_MAX_HZ, N_FREQS)
    return [(fi, k) for fi, order in enumerate(orders_per_freq(freqs)) for k in range(1, order + 1)]


def mean_matrix(dtype: np.dtype) -> np.ndarray:
    """(W, 32) matrix turning Σ-ready natural-log powers into log10 geometric means, column 0 = 40 Hz."""
    index = wavelet_index()
    freqs = np.linspace(FREQ_MIN_HZ, FREQ_MAX_HZ, N_FREQS)
    orders = orders_per_freq(freqs)
    out = np.zeros((len(index), N_FREQS), dtype=np.float64)
    for w, (fi, _) in enumerate(index):
        out[w, N_FREQS - 1 - fi] = 1.0 / (orders[fi] * math.log(10.0))
    return out.astype(dtype)


def build_graph(dtype_name: str) -> onnx.ModelProto:
    """The superlet graph computing in ``dtype_name`` ('float64' or 'float32'); output always float32."""
    assert dtype_name in DTYPES, f"dtype must be one of {sorted(DTYPES)}"
    elem, np_dtype = DTYPES[dtype_name]
    n_wavelets = len(wavelet_index())
    const = numpy_helper.from_array
    inits = [
        const(mean_matrix(np_dtype), "mean"),
        const(np.array(EPS, dtype=np_dtype), "eps"),
        const(np.array([0], dtype=np.int64), "zero_1"),
        const(np.array(0, dtype=np.int64), "zero"),
        const(np.array(1, dtype=np.int64), "one"),
        const(np.array([1], dtype=np.int64), "axis_1"),
        const(np.array([0], dtype=np.int64), "axis_0"),
        const(np.array([n_wavelets, n_wavelets], dtype=np.int64), "split_re_im"),
        const(np.array(0, dtype=np.int64), "row_left"),
        const(np.array(1, dtype=np.int64), "row_right"),
    ]
    node = helper.make_node
    nodes = [
        # M = rows of the bank (2·fs taps); pad the signal with M zeros on both sides
        node("Shape", ["bank"], ["bank_shape"]),
        node("Gather", ["bank_shape", "zero"], ["taps"], axis=0),
        node("Unsqueeze", ["taps", "axis_0"], ["taps_1"]),
        node("Concat", ["zero_1", "taps_1", "zero_1", "taps_1"], ["pads"], axis=0),
        node("Pad", ["signal", "pads"], ["padded"], mode="constant"),
        # windows[b, p, j] = padded[b, window_start[p] + j]
        node("Range", ["zero", "taps", "one"], ["tap_range"]),
        node("Unsqueeze", ["window_start", "axis_1"], ["start_col"]),
        node("Unsqueeze", ["tap_range", "axis_0"], ["tap_row"]),
        node("Add", ["start_col", "tap_row"], ["window_index"]),
        node("Gather", ["padded", "window_index"], ["windows"], axis=1),
        # √2·re and √2·im of every wavelet at every needed sample (the bank is split, not the larger product), then
        # ln |z + eps|²
        node("Split", ["bank", "split_re_im"], ["bank_re", "bank_im"], axis=1),
        node("MatMul", ["windows", "bank_re"], ["re_raw"]),
        node("MatMul", ["windows", "bank_im"], ["im"]),
        node("Add", ["re_raw", "eps"], ["re"]),
        node("Mul", ["re", "re"], ["re2"]),
        node("Mul", ["im", "im"], ["im2"]),
        node("Add", ["re2", "im2"], ["mag2"]),
        node("Log", ["mag2"], ["ln_pow"]),
        # geometric mean over orders as log10 power, frequencies flipped (column 0 = 40 Hz), float32 as the reference
        node("MatMul", ["ln_pow", "mean"], ["log_pow_t"]),
        node("Cast", ["log_pow_t"], ["log_pow"], to=TensorProto.FLOAT),
        # torch linear resize to 256 columns: w_left·s[left] + w_right·s[right], each step rounded to float32
        node("Gather", ["resize_index", "row_left"], ["left_index"], axis=0),
        node("Gather", ["resize_index", "row_right"], ["right_index"], axis=0),
        node("Gather", ["log_pow", "left_index"], ["left"], axis=1),
        node("Gather", ["log_pow", "right_index"], ["right"], axis=1),
        node("Gather", ["resize_weight", "row_left"], ["w_left_row"], axis=0),
        node("Gather", ["resize_weight", "row_right"], ["w_right_row"], axis=0),
        node("Unsqueeze", ["w_left_row", "axis_1"], ["w_left"]),
        node("Unsqueeze", ["w_right_row", "axis_1"], ["w_right"]),
        node("Mul", ["left", "w_left"], ["left_w"]),
        node("Mul", ["right", "w_right"], ["right_w"]),
        node("Add", ["left_w", "right_w"], ["resized"]),
        node("Transpose", ["resized"], ["scalogram"], perm=[0, 2, 1]),
    ]
    inputs = [
        helper.make_tensor_value_info("signal", elem, ["B", "N"]),
        helper.make_tensor_value_info("bank", elem, ["M", 2 * n_wavelets]),
        helper.make_tensor_value_info("window_start", TensorProto.INT64, ["P"]),
        helper.make_tensor_value_info("resize_index", TensorProto.INT64, [2, WIDTH]),
        helper.make_tensor_value_info("resize_weight", TensorProto.FLOAT, [2, WIDTH]),
    ]
    outputs = [helper.make_tensor_value_info("scalogram", TensorProto.FLOAT, ["B", N_FREQS, WIDTH])]
    graph = helper.make_graph(nodes, f"superlet_{dtype_name}", inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="training.superlet_onnx")
    model.ir_version = 8  # readable by every ONNX Runtime ≥ 1.10
    onnx.checker.check_model(model, full_check=True)
    return model


def _resize_taps(n_samples: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """torch ``F.interpolate(size=256, mode='linear', align_corners=False)`` source indices and float32 weights."""
    f32 = np.float32
    scale = f32(n_samples / WIDTH)
    src = np.maximum((scale * (np.arange(WIDTH, dtype=f32) + f32(0.5))).astype(f32) - f32(0.5), f32(0))
    i0 = np.minimum(np.floor(src).astype(np.int64), n_samples - 1)
    lam = np.clip(src - i0.astype(f32), 0, 1).astype(f32)
    i1 = np.where(i0 < n_samples - 1, i0 + 1, i0)
    return i0, i1, (f32(1) - lam).astype(f32), lam


def superlet_inputs(fs_hz: int, n_samples: int, dtype_name: str = "float64") -> dict[str, np.ndarray]:
    """Everything but ``signal`` for one (rate, length): the Morlet bank, window starts and resize taps."""
    _, np_dtype = DTYPES[dtype_name]
    bank, index = morlet_bank(fs_hz)  # (W, M) complex128, rows in wavelet_index() order
    assert index == wavelet_index(), "morlet_bank and wavelet_index disagree on the wavelet order"
    taps = bank.shape[1]
    bank = bank.numpy()
    peak = np.abs(bank).max(axis=1, keepdims=True)
    bank = np.where(np.abs(bank) > NEGLIGIBLE * peak, bank, 0)
    flipped = math.sqrt(2.0) * bank[:, ::-1]  # column j multiplies x[n − dHi + j]
    i0, i1, w0, w1 = _resize_taps(n_samples)
    needed = np.unique(np.concatenate([i0, i1]))
    where = {int(n): i for i, n in enumerate(needed)}
    off = (taps - 1) // 2
    return {
        "bank": np.concatenate([flipped.real.T, flipped.imag.T], axis=1).astype(np_dtype),
        "window_start": (needed + off + 1).astype(np.int64),
        "resize_index": np.array([[where[int(n)] for n in i0], [where[int(n)] for n in i1]], dtype=np.int64),
        "resize_weight": np.stack([w0, w1]).astype(np.float32),
    }


def spec(files: dict[str, str]) -> dict:
    """model-spec.json content: I/O, the orders per frequency the bank must follow, and each graph's sha256."""
    return {
        "name": "superlet",
        "version": SPEC_VERSION,
        "opset": OPSET,
        "command": "python -m training.superlet_onnx --out models/superlet",
        "graphs": {name: {"file": os.path.basename(path), "sha256": _sha256(path)} for name, path in files.items()},
        "inputs": {
            "signal": {"dtype": "graph", "shape": ["B", "N"], "note": "one lead per row, any units"},
            "bank": {"dtype": "graph", "shape": ["M", "2W"],
                     "note": "M = 2·fs taps, reversed, ×√2; columns: real parts of the W wavelets, then imaginary"},
            "window_start": {"dtype": "int64", "shape": ["P"],
                             "note": "needed sample n → n + floor((M − 1)/2) + 1 in the signal padded by M zeros"},
            "resize_index": {"dtype": "int64", "shape": [2, WIDTH], "note": "left/right needed-sample position"},
            "resize_weight": {"dtype": "float32", "shape": [2, WIDTH], "note": "torch linear weights"},
        },
        "outputs": {"scalogram": {"dtype": "float32", "shape": ["B", N_FREQS, WIDTH],
                                  "note": "log10 power, row 0 = 40 Hz"}},
        "orders": orders_per_freq(np.linspace(FREQ_MIN_HZ, FREQ_MAX_HZ, N_FREQS)),
        "bank_columns": "frequency ascending (0.5 Hz first), orders 1..orders[f] within each frequency; real, then imaginary",
        "eps": EPS,
    }


def _sha256(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def main(argv: list[str] | None = None) -> None:
    """Writes the float64 and float32 graphs and their model-spec.json into ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="output folder")
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    files = {}
    for dtype_name in DTYPES:
        path = os.path.join(args.out, f"superlet-{dtype_name}.onnx")
        onnx.save(build_graph(dtype_name), path)
        files[dtype_name] = path
    text = json.dumps(spec(files), indent=2, ensure_ascii=False)
    text = re.sub(r"\[[\d,\s\"A-Za-z0-9]*\]", lambda m: re.sub(r"\s+", " ", m.group(0)).replace("[ ", "[").replace(" ]", "]"), text)
    with open(os.path.join(args.out, "model-spec.json"), "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    for name, path in files.items():
        print(f"{path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
