#!/usr/bin/env python3
"""Exports a torchvision network with seeded random weights to ONNX, with an input and PyTorch's output.

Used to check Orpheus against an independent implementation (PyTorch) on a real exporter's graph:
    /usr/bin/python3 tools/torchvision_export.py resnet50 OUTDIR [--opset 13] [--seed 0]
writes OUTDIR/model.onnx and, in ONNX's test layout, OUTDIR/test_data_set_0/input_0.pb and
output_0.pb (PyTorch's output), plus the same as OUTDIR/input.npy and OUTDIR/expected.npy. Needs Debian's python3-torch,
python3-torchvision and python3-onnx. Nothing is downloaded: weights are random.
"""
import argparse
import os

import numpy as np
import torch
import torchvision
from onnx import numpy_helper


def build(name):
    if name == "inception_v3":
        return torchvision.models.inception_v3(weights=None, aux_logits=False, init_weights=True), 299
    return getattr(torchvision.models, name)(weights=None), 224


def randomise_batchnorm(model, gen):
    # Fresh BatchNorm layers are identities (mean 0, var 1): give them real statistics so that
    # folding and normalisation are actually exercised.
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            n = m.num_features
            m.running_mean.copy_(torch.rand(n, generator=gen) * 0.2 - 0.1)
            m.running_var.copy_(torch.rand(n, generator=gen) + 0.5)
            m.weight.data.copy_(torch.rand(n, generator=gen) + 0.5)
            m.bias.data.copy_(torch.rand(n, generator=gen) * 0.2 - 0.1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("name")
    ap.add_argument("outdir")
    ap.add_argument("--opset", type=int, default=13)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    model, size = build(args.name)
    randomise_batchnorm(model, gen)
    model.eval()
    x = torch.rand(1, 3, size, size, generator=gen)
    with torch.no_grad():
        y = model(x)
    os.makedirs(args.outdir, exist_ok=True)
    torch.onnx.export(model, x, os.path.join(args.outdir, "model.onnx"), opset_version=args.opset,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    np.save(os.path.join(args.outdir, "input.npy"), x.numpy())
    np.save(os.path.join(args.outdir, "expected.npy"), y.numpy())
    data = os.path.join(args.outdir, "test_data_set_0")
    os.makedirs(data, exist_ok=True)
    for fname, arr, name in (("input_0.pb", x, "input"), ("output_0.pb", y, "output")):
        with open(os.path.join(data, fname), "wb") as f:
            f.write(numpy_helper.from_array(arr.numpy(), name).SerializeToString())
    print(f"{args.name}: wrote {args.outdir}/model.onnx and test data; output {tuple(y.shape)}")


if __name__ == "__main__":
    main()
