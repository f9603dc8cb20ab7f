/**
 * Training of noise-prediction networks: Adam/AdamW with checkpointable state, learning-rate
 * schedules, global-norm gradient clipping, EMA weights, a seeded host-side random generator, the
 * step loop ({@link dev.diffusion.engine.train.DiffusionTrainer}), checkpoints and the output-folder
 * orchestration of a training run. Plain Java: nothing here knows Kafka, object storage or CDI.
 */
package dev.diffusion.engine.train;
