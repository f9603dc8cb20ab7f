"""PyTorch reference implementations of the three noise-prediction networks, transcribed from their
sources (ContextUnet: the DeepLearning.AI course "How Diffusion Models Work"; DDPM U-Net: Ho et al. 2020 /
Improved DDPM; SimpleUnet: the "Diffusion models from scratch in PyTorch" tutorial by DeepFindr) with the
project's documented deviations (registered shortcut, GroupNorm option, class embedding, configurable channels)."""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F


# ---------------------------------------------------------------- ContextUnet (DLAI course)
def residual_norm(kind, channels, groups=8):
    return nn.GroupNorm(groups, channels) if kind == "group" else nn.BatchNorm2d(channels)


class ResidualConvBlock(nn.Module):
    def __init__(self, in_channels, out_channels, is_res=False, norm="group"):
        super().__init__()
        self.same_channels = in_channels == out_channels
        self.is_res = is_res
        self.conv1 = nn.Sequential(nn.Conv2d(in_channels, out_channels, 3, 1, 1),
                                   residual_norm(norm, out_channels), nn.GELU())
        self.conv2 = nn.Sequential(nn.Conv2d(out_channels, out_channels, 3, 1, 1),
                                   residual_norm(norm, out_channels), nn.GELU())
        if is_res and not self.same_channels:
            self.shortcut = nn.Conv2d(in_channels, out_channels, 1, 1, 0)

    def forward(self, x):
        x1 = self.conv1(x)
        x2 = self.conv2(x1)
        if not self.is_res:
            return x2
        out = (x if self.same_channels else self.shortcut(x)) + x2
        return out / 1.414


class UnetUp(nn.Module):
    def __init__(self, in_channels, out_channels, norm="group"):
        super().__init__()
        self.model = nn.Sequential(nn.ConvTranspose2d(in_channels, out_channels, 2, 2),
                                   ResidualConvBlock(out_channels, out_channels, norm=norm),
                                   ResidualConvBlock(out_channels, out_channels, norm=norm))

    def forward(self, x, skip):
        return self.model(torch.cat((x, skip), 1))


class UnetDown(nn.Module):
    def __init__(self, in_channels, out_channels, norm="group"):
        super().__init__()
        self.model = nn.Sequential(ResidualConvBlock(in_channels, out_channels, norm=norm),
                                   ResidualConvBlock(out_channels, out_channels, norm=norm),
                                   nn.MaxPool2d(2))

    def forward(self, x):
        return self.model(x)


class EmbedFC(nn.Module):
    def __init__(self, input_dim, emb_dim):
        super().__init__()
        self.input_dim = input_dim
        self.model = nn.Sequential(nn.Linear(input_dim, emb_dim), nn.GELU(), nn.Linear(emb_dim, emb_dim))

    def forward(self, x):
        return self.model(x.view(-1, self.input_dim))


class ContextUnet(nn.Module):
    def __init__(self, in_channels, n_feat=256, n_cfeat=10, height=28, norm="group"):
        super().__init__()
        self.in_channels, self.n_feat, self.n_cfeat, self.h = in_channels, n_feat, n_cfeat, height
        self.init_conv = ResidualConvBlock(in_channels, n_feat, is_res=True, norm=norm)
        self.down1 = UnetDown(n_feat, n_feat, norm)
        self.down2 = UnetDown(n_feat, 2 * n_feat, norm)
        self.to_vec = nn.Sequential(nn.AvgPool2d(height // 4), nn.GELU())
        self.timeembed1 = EmbedFC(1, 2 * n_feat)
        self.timeembed2 = EmbedFC(1, 1 * n_feat)
        self.contextembed1 = EmbedFC(n_cfeat, 2 * n_feat)
        self.contextembed2 = EmbedFC(n_cfeat, 1 * n_feat)
        self.up0 = nn.Sequential(nn.ConvTranspose2d(2 * n_feat, 2 * n_feat, height // 4, height // 4),
                                 nn.GroupNorm(8, 2 * n_feat), nn.ReLU())
        self.up1 = UnetUp(4 * n_feat, n_feat, norm)
        self.up2 = UnetUp(2 * n_feat, n_feat, norm)
        self.out = nn.Sequential(nn.Conv2d(2 * n_feat, n_feat, 3, 1, 1), nn.GroupNorm(8, n_feat), nn.ReLU(),
                                 nn.Conv2d(n_feat, in_channels, 3, 1, 1))

    def forward(self, x, t, c=None):
        x = self.init_conv(x)
        down1 = self.down1(x)
        down2 = self.down2(down1)
        hiddenvec = self.to_vec(down2)
        if c is None:
            c = torch.zeros(x.shape[0], self.n_cfeat).to(x)
        cemb1 = self.contextembed1(c).view(-1, self.n_feat * 2, 1, 1)
        temb1 = self.timeembed1(t).view(-1, self.n_feat * 2, 1, 1)
        cemb2 = self.contextembed2(c).view(-1, self.n_feat, 1, 1)
        temb2 = self.timeembed2(t).view(-1, self.n_feat, 1, 1)
        up1 = self.up0(hiddenvec)
        up2 = self.up1(cemb1 * up1 + temb1, down2)
        up3 = self.up2(cemb2 * up2 + temb2, down1)
        return self.out(torch.cat((up3, x), 1))


# ---------------------------------------------------------------- DDPM U-Net (Ho et al. 2020 / Improved DDPM)
def timestep_embedding(timesteps, dim, max_period=10000):
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(start=0, end=half, dtype=torch.float32) / half)
    args = timesteps[:, None].float() * freqs[None]
    embedding = torch.cat([torch.cos(args), torch.sin(args)], dim=-1)
    if dim % 2:
        embedding = torch.cat([embedding, torch.zeros_like(embedding[:, :1])], dim=-1)
    return embedding


class TimestepBlock(nn.Module):
    pass


class TimestepEmbedSequential(nn.Sequential, TimestepBlock):
    def forward(self, x, emb):
        for layer in self:
            x = layer(x, emb) if isinstance(layer, TimestepBlock) else layer(x)
        return x


class ResidualBlock(TimestepBlock):
    def __init__(self, in_channels, out_channels, time_channels, dropout, groups):
        super().__init__()
        self.conv1 = nn.Sequential(nn.GroupNorm(groups, in_channels), nn.SiLU(),
                                   nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1))
        self.time_emb = nn.Sequential(nn.SiLU(), nn.Linear(time_channels, out_channels))
        self.conv2 = nn.Sequential(nn.GroupNorm(groups, out_channels), nn.SiLU(), nn.Dropout(p=dropout),
                                   nn.Conv2d(out_channels, out_channels, kernel_size=3, padding=1))
        self.shortcut = nn.Conv2d(in_channels, out_channels, kernel_size=1) if in_channels != out_channels else nn.Identity()

    def forward(self, x, t):
        h = self.conv1(x)
        h += self.time_emb(t)[:, :, None, None]
        h = self.conv2(h)
        return h + self.shortcut(x)


class AttentionBlock(nn.Module):
    def __init__(self, channels, num_heads, groups):
        super().__init__()
        self.num_heads = num_heads
        self.norm = nn.GroupNorm(groups, channels)
        self.qkv = nn.Conv2d(channels, channels * 3, kernel_size=1, bias=False)
        self.proj = nn.Conv2d(channels, channels, kernel_size=1)

    def forward(self, x):
        B, C, H, W = x.shape
        qkv = self.qkv(self.norm(x))
        q, k, v = qkv.reshape(B * self.num_heads, -1, H * W).chunk(3, dim=1)
        scale = 1. / math.sqrt(math.sqrt(C // self.num_heads))
        attn = torch.einsum("bct,bcs->bts", q * scale, k * scale)
        attn = attn.softmax(dim=-1)
        h = torch.einsum("bts,bcs->bct", attn, v)
        h = h.reshape(B, -1, H, W)
        return self.proj(h) + x


class Upsample(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, kernel_size=3, padding=1)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=2, mode="nearest"))


class Downsample(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.op = nn.Conv2d(channels, channels, kernel_size=3, stride=2, padding=1)

    def forward(self, x):
        return self.op(x)


class UNetModel(nn.Module):
    """attention_resolutions are spatial sizes (e.g. 16 for 16x16 feature maps)."""

    def __init__(self, in_channels=3, model_channels=128, out_channels=3, num_res_blocks=2,
                 attention_resolutions=(16,), dropout=0, channel_mult=(1, 2, 2, 2), num_heads=1,
                 groups=32, image_size=32, num_classes=0):
        super().__init__()
        self.model_channels = model_channels
        self.num_classes = num_classes
        time_embed_dim = model_channels * 4
        self.time_embed = nn.Sequential(nn.Linear(model_channels, time_embed_dim), nn.SiLU(),
                                        nn.Linear(time_embed_dim, time_embed_dim))
        if num_classes:
            self.label_emb = nn.Linear(num_classes, time_embed_dim, bias=False)
        self.down_blocks = nn.ModuleList([TimestepEmbedSequential(nn.Conv2d(in_channels, model_channels, 3, padding=1))])
        chans = [model_channels]
        ch, ds = model_channels, 1
        for level, mult in enumerate(channel_mult):
            for _ in range(num_res_blocks):
                layers = [ResidualBlock(ch, mult * model_channels, time_embed_dim, dropout, groups)]
                ch = mult * model_channels
                if image_size // ds in attention_resolutions:
                    layers.append(AttentionBlock(ch, num_heads, groups))
                self.down_blocks.append(TimestepEmbedSequential(*layers))
                chans.append(ch)
            if level != len(channel_mult) - 1:
                self.down_blocks.append(TimestepEmbedSequential(Downsample(ch)))
                chans.append(ch)
                ds *= 2
        self.middle_block = TimestepEmbedSequential(ResidualBlock(ch, ch, time_embed_dim, dropout, groups),
                                                    AttentionBlock(ch, num_heads, groups),
                                                    ResidualBlock(ch, ch, time_embed_dim, dropout, groups))
        self.up_blocks = nn.ModuleList([])
        for level, mult in list(enumerate(channel_mult))[::-1]:
            for i in range(num_res_blocks + 1):
                layers = [ResidualBlock(ch + chans.pop(), model_channels * mult, time_embed_dim, dropout, groups)]
                ch = model_channels * mult
                if image_size // ds in attention_resolutions:
                    layers.append(AttentionBlock(ch, num_heads, groups))
                if level and i == num_res_blocks:
                    layers.append(Upsample(ch))
                    ds //= 2
                self.up_blocks.append(TimestepEmbedSequential(*layers))
        self.out = nn.Sequential(nn.GroupNorm(groups, ch), nn.SiLU(), nn.Conv2d(model_channels, out_channels, 3, padding=1))

    def forward(self, x, timesteps, c=None):
        emb = self.time_embed(timestep_embedding(timesteps, self.model_channels))
        if self.num_classes:
            emb = emb + self.label_emb(c)
        hs, h = [], x
        for module in self.down_blocks:
            h = module(h, emb)
            hs.append(h)
        h = self.middle_block(h, emb)
        for module in self.up_blocks:
            h = module(torch.cat([h, hs.pop()], dim=1), emb)
        return self.out(h)


# ---------------------------------------------------------------- SimpleUnet (DeepFindr tutorial)
class Block(nn.Module):
    def __init__(self, in_ch, out_ch, time_emb_dim, up=False):
        super().__init__()
        self.time_mlp = nn.Linear(time_emb_dim, out_ch)
        if up:
            self.conv1 = nn.Conv2d(2 * in_ch, out_ch, 3, padding=1)
            self.transform = nn.ConvTranspose2d(out_ch, out_ch, 4, 2, 1)
        else:
            self.conv1 = nn.Conv2d(in_ch, out_ch, 3, padding=1)
            self.transform = nn.Conv2d(out_ch, out_ch, 4, 2, 1)
        self.conv2 = nn.Conv2d(out_ch, out_ch, 3, padding=1)
        self.bnorm1 = nn.BatchNorm2d(out_ch)
        self.bnorm2 = nn.BatchNorm2d(out_ch)
        self.relu = nn.ReLU()

    def forward(self, x, t):
        h = self.bnorm1(self.relu(self.conv1(x)))
        time_emb = self.relu(self.time_mlp(t))
        h = h + time_emb[(...,) + (None,) * 2]
        h = self.bnorm2(self.relu(self.conv2(h)))
        return self.transform(h)


class SinusoidalPositionEmbeddings(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, time):
        half_dim = self.dim // 2
        embeddings = math.log(10000) / (half_dim - 1)
        embeddings = torch.exp(torch.arange(half_dim) * -embeddings)
        embeddings = time[:, None] * embeddings[None, :]
        return torch.cat((embeddings.sin(), embeddings.cos()), dim=-1)


class SimpleUnet(nn.Module):
    def __init__(self, image_channels=3, down_channels=(64, 128, 256, 512, 1024), time_emb_dim=32, num_classes=0):
        super().__init__()
        up_channels = tuple(reversed(down_channels))
        self.num_classes = num_classes
        self.time_mlp = nn.Sequential(SinusoidalPositionEmbeddings(time_emb_dim),
                                      nn.Linear(time_emb_dim, time_emb_dim), nn.ReLU())
        if num_classes:
            self.label_emb = nn.Linear(num_classes, time_emb_dim, bias=False)
        self.conv0 = nn.Conv2d(image_channels, down_channels[0], 3, padding=1)
        self.downs = nn.ModuleList([Block(down_channels[i], down_channels[i + 1], time_emb_dim)
                                    for i in range(len(down_channels) - 1)])
        self.ups = nn.ModuleList([Block(up_channels[i], up_channels[i + 1], time_emb_dim, up=True)
                                  for i in range(len(up_channels) - 1)])
        self.output = nn.Conv2d(up_channels[-1], image_channels, 1)

    def forward(self, x, timestep, c=None):
        t = self.time_mlp(timestep)
        if self.num_classes:
            t = t + self.label_emb(c)
        x = self.conv0(x)
        residual_inputs = []
        for down in self.downs:
            x = down(x, t)
            residual_inputs.append(x)
        for up in self.ups:
            x = torch.cat((x, residual_inputs.pop()), dim=1)
            x = up(x, t)
        return self.output(x)


def count(model):
    return sum(p.numel() for p in model.parameters())


if __name__ == "__main__":
    print("ContextUnet(1,64,10,28) group", count(ContextUnet(1, 64, 10, 28)))
    print("ContextUnet(1,64,10,28) batch", count(ContextUnet(1, 64, 10, 28, norm="batch")))
    print("ContextUnet(3,64,5,16) batch", count(ContextUnet(3, 64, 5, 16, norm="batch")))
    print("SimpleUnet default", count(SimpleUnet()))
    print("UNetModel default", count(UNetModel()))
