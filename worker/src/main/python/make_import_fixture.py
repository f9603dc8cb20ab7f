"""Writes the PyTorch state dict the import tests load (run once, offline; the files are committed):

    /usr/bin/python3 worker/src/main/python/make_import_fixture.py

Debian 12's python3-torch (PyTorch 1.13) was used. The network is the project's PyTorch reference ContextUnet
(engine/src/test/python/reference_models.py, the DeepLearning.AI course's with BatchNorm in the residual blocks) at
its smallest: 8 features, 4 classes, 1 channel, 16x16 images (the `shapes` data set's size). Its weights are
PyTorch's default initialisation from seed 0 and a few Adam steps on random images, so that BatchNorm's running
statistics are not the initial ones; the test only needs weights that PyTorch wrote, not a good model. It writes

    worker/src/test/resources/dev/diffusion/worker/job/pytorch-context-unet.safetensors   model.state_dict()
    worker/src/test/resources/dev/diffusion/worker/job/pytorch-context-unet.json          the import spec's network

with the names PyTorch gives (init_conv.conv1.0.weight, ..., num_batches_tracked included).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "engine", "src", "test", "python"))

import torch  # noqa: E402

from make_model_fixtures import write_safetensors  # noqa: E402
from reference_models import ContextUnet  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "test", "resources", "dev", "diffusion", "worker", "job")
CHANNELS, FEATURES, CLASSES, SIZE, TIMESTEPS = 1, 8, 4, 16, 50


def main():
    torch.manual_seed(0)
    model = ContextUnet(CHANNELS, FEATURES, CLASSES, SIZE, norm="batch")
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    for _ in range(3):
        x = torch.randn(8, CHANNELS, SIZE, SIZE)
        t = torch.rand(8, 1)
        c = torch.nn.functional.one_hot(torch.randint(0, CLASSES, (8,)), CLASSES).float()
        loss = torch.nn.functional.mse_loss(model(x, t, c), x)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    os.makedirs(OUT, exist_ok=True)
    write_safetensors(model.state_dict(), os.path.join(OUT, "pytorch-context-unet.safetensors"))
    spec = {"dataset": "shapes", "imageSize": SIZE, "channels": CHANNELS,
            "model": {"architecture": "context-unet", "baseChannels": FEATURES, "numClasses": CLASSES,
                      "norm": "batch"},
            "schedule": {"type": "linear", "timesteps": TIMESTEPS, "betaStart": 1e-4, "betaEnd": 0.02}}
    with open(os.path.join(OUT, "pytorch-context-unet.json"), "w") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")
    print(len(model.state_dict()), "tensors,", sum(p.numel() for p in model.state_dict().values()), "values")


if __name__ == "__main__":
    main()
