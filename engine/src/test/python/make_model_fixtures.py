"""Writes the PyTorch fixtures the Java tests compare against (run once, offline):

    /usr/bin/python3 engine/src/test/python/make_model_fixtures.py

Debian 12's python3-torch (PyTorch 1.13) was used. For each small network it stores the state dict
(PyTorch names; BatchNorm's int64 num_batches_tracked included) and an .io.npz with the inputs
(x, t as the 0-based contract timestep, context) and the expected outputs. Parameters are the
default PyTorch initialisation plus noise, so norm scales/shifts and running statistics are not
trivial.
"""
import json
import os
import struct

import numpy as np
import torch

from reference_models import ContextUnet, SimpleUnet, UNetModel, count

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "diffusion", "engine", "model", "pytorch")
DTYPES = {torch.float32: ("F32", "<f4"), torch.int64: ("I64", "<i8")}


def write_safetensors(state, path):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, tensor in state.items():
        code, np_type = DTYPES[tensor.dtype]
        data = tensor.detach().contiguous().numpy().astype(np_type).tobytes()
        header[name] = {"dtype": code, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def perturb(model, seed):
    torch.manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.1 * torch.randn_like(p))
        for name, b in model.named_buffers():
            if name.endswith("running_mean"):
                b.copy_(0.2 * torch.randn_like(b))
            elif name.endswith("running_var"):
                b.copy_(1 + 0.5 * torch.rand_like(b))
            elif name.endswith("num_batches_tracked"):
                b.fill_(7)


def inputs(channels, size, classes, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(2, channels, size, size, generator=g)
    context = torch.zeros(2, classes)
    if classes:
        context[0, classes - 1] = 1  # second row stays zero: unconditional
    return x, context


def save_io(name, dtype=np.float32, **arrays):
    np.savez(os.path.join(OUT, name + ".io.npz"), **{k: v.detach().numpy().astype(dtype) for k, v in arrays.items()})


def context_unet(name, channels, n_feat, n_cfeat, height, timesteps, norm, seed):
    model = ContextUnet(channels, n_feat, n_cfeat, height, norm=norm)
    perturb(model, seed)
    model.eval()
    x, c = inputs(channels, height, n_cfeat, seed)
    t = torch.tensor([0.0, timesteps - 3.0])
    with torch.no_grad():
        eps = model(x, ((t + 1) / timesteps)[:, None], c)
    write_safetensors(model.state_dict(), os.path.join(OUT, name + ".safetensors"))
    save_io(name, x=x, t=t, context=c, eps=eps)
    print(name, count(model))


def ddpm_unet(name, seed):
    model = UNetModel(in_channels=1, model_channels=8, out_channels=1, num_res_blocks=1, attention_resolutions=(4,),
                      channel_mult=(1, 2), num_heads=2, groups=4, image_size=8, num_classes=3)
    perturb(model, seed)
    model.eval()
    x, c = inputs(1, 8, 3, seed)
    t = torch.tensor([3.0, 15.0])
    with torch.no_grad():
        eps = model(x, t, c)
    np.savez(os.path.join(OUT, name + ".npz"), **{k: v.numpy() for k, v in model.state_dict().items()})
    save_io(name, dtype=np.float64, x=x, t=t, context=c, eps=eps)  # the .npz reader's '<f8' path
    print(name, count(model))


def simple_unet(name, seed):
    model = SimpleUnet(image_channels=1, down_channels=(8, 16, 32), time_emb_dim=8, num_classes=3)
    perturb(model, seed)
    x, c = inputs(1, 8, 3, seed)
    t = torch.tensor([5.0, 120.0])
    model.eval()
    with torch.no_grad():
        eps = model(x, t, c)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    model.train()
    with torch.no_grad():
        eps_train = model(x, t, c)  # batch statistics
    write_safetensors(state, os.path.join(OUT, name + ".safetensors"))
    save_io(name, x=x, t=t, context=c, eps=eps, eps_train=eps_train)
    print(name, count(model))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    context_unet("context_unet", 1, 8, 3, 8, 10, "group", 1)
    context_unet("context_unet_batchnorm", 3, 8, 2, 16, 20, "batch", 2)
    ddpm_unet("ddpm_unet", 3)
    simple_unet("simple_unet", 4)
