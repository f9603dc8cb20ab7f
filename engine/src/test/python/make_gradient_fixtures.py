"""Writes the PyTorch gradient fixtures the Java parity test compares against (run once, offline,
after make_model_fixtures.py, whose weights and inputs it reuses):

    /usr/bin/python3 engine/src/test/python/make_gradient_fixtures.py

Debian 12's python3-torch (PyTorch 1.13) was used. For each network the scalar loss is
(eps * g).sum() with a fixed random g of eps's shape, so d loss / d eps = g exactly. It stores
<name>.grad.npz, every parameter's gradient under its PyTorch name (buffers have none), and
<name>.loss.npz with g, the loss and the gradient of the input x. Mode: training for the
GroupNorm ContextUnet and the DDPM U-Net (dropout 0, so deterministic); eval for SimpleUnet,
whose only norm is BatchNorm, so its running statistics are used.
"""
import json
import os
import struct

import numpy as np
import torch

from make_model_fixtures import OUT
from reference_models import ContextUnet, SimpleUnet, UNetModel

NUMPY_TYPES = {"F32": "<f4", "I64": "<i8"}


def read_safetensors(path):
    with open(path, "rb") as f:
        header_length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(header_length))
        data = f.read()
    header.pop("__metadata__", None)
    state = {}
    for name, entry in header.items():
        start, end = entry["data_offsets"]
        values = np.frombuffer(data[start:end], dtype=NUMPY_TYPES[entry["dtype"]]).reshape(entry["shape"])
        state[name] = torch.from_numpy(values.copy())
    return state


def read_npz(path):
    with np.load(path) as arrays:
        return {name: torch.from_numpy(arrays[name].copy()) for name in arrays.files}


def fixture_inputs(name):
    with np.load(os.path.join(OUT, name + ".io.npz")) as io:
        return {k: torch.from_numpy(io[k].astype(np.float32)) for k in ("x", "t", "context")}


def save_gradients(name, model, x, eps, seed):
    g = torch.randn(eps.shape, generator=torch.Generator().manual_seed(seed))
    loss = (eps * g).sum()
    loss.backward()
    missing = [n for n, p in model.named_parameters() if p.grad is None]
    assert not missing, f"{name}: no gradient for {missing}"
    gradients = {n: p.grad.numpy().astype(np.float32) for n, p in model.named_parameters()}
    np.savez_compressed(os.path.join(OUT, name + ".grad.npz"), **gradients)
    np.savez(os.path.join(OUT, name + ".loss.npz"), g=g.numpy(), loss=loss.detach().numpy().reshape(1),
             x_grad=x.grad.numpy())
    print(name, "loss", loss.item(), "parameters", len(gradients))


def context_unet(name, timesteps, seed):
    model = ContextUnet(1, 8, 3, 8, norm="group")
    model.load_state_dict(read_safetensors(os.path.join(OUT, name + ".safetensors")))
    model.train()
    io = fixture_inputs(name)
    x = io["x"].requires_grad_(True)
    eps = model(x, ((io["t"] + 1) / timesteps)[:, None], io["context"])
    save_gradients(name, model, x, eps, seed)


def ddpm_unet(name, seed):
    model = UNetModel(in_channels=1, model_channels=8, out_channels=1, num_res_blocks=1, attention_resolutions=(4,),
                      channel_mult=(1, 2), num_heads=2, groups=4, image_size=8, num_classes=3, dropout=0)
    model.load_state_dict(read_npz(os.path.join(OUT, name + ".npz")))
    model.train()
    io = fixture_inputs(name)
    x = io["x"].requires_grad_(True)
    save_gradients(name, model, x, model(x, io["t"], io["context"]), seed)


def simple_unet(name, seed):
    model = SimpleUnet(image_channels=1, down_channels=(8, 16, 32), time_emb_dim=8, num_classes=3)
    model.load_state_dict(read_safetensors(os.path.join(OUT, name + ".safetensors")))
    model.eval()
    io = fixture_inputs(name)
    x = io["x"].requires_grad_(True)
    save_gradients(name, model, x, model(x, io["t"], io["context"]), seed)


if __name__ == "__main__":
    torch.set_num_threads(1)
    context_unet("context_unet", 10, 11)
    ddpm_unet("ddpm_unet", 13)
    simple_unet("simple_unet", 14)
