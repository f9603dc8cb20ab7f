package dev.diffusion.engine.model.ddpm;

import ai.djl.nn.Block;

/**
 * Marks a block whose forward takes {@code NDList(h, emb)} — the feature map and the timestep
 * embedding — like {@code TimestepBlock} in Improved DDPM; other blocks take only {@code h}.
 */
public interface TimeConditioned extends Block {}
