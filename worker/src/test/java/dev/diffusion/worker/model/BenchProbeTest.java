package dev.diffusion.worker.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BenchProbeTest {
    @Test
    void bench() {
        try (NDManager m = NDManager.newBaseManager()) {
            NoisePredictor net = NoisePredictors.create(NetworkSpec.contextUnet(1, 28, 64, 10, 500));
            Networks.initialized(net, m, 64);
            double[] fwd = new double[8];
            double[] train = new double[4];
            for (int i = 0; i < fwd.length; i++) {
                try (NDManager sub = m.newSubManager()) {
                    NDList in = Networks.randomInputs(net, sub, 64);
                    long s = System.nanoTime();
                    Networks.forward(net, sub, false, in).toFloatArray();
                    fwd[i] = (System.nanoTime() - s) / 1e6;
                    if (i < train.length) {
                        s = System.nanoTime();
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            gc.backward(Networks.forward(net, sub, true, in).square().mean());
                        }
                        train[i] = (System.nanoTime() - s) / 1e6;
                    }
                }
            }
            System.out.println("BENCH forward ms " + Arrays.toString(fwd) + " train ms " + Arrays.toString(train));
        }
    }
}
