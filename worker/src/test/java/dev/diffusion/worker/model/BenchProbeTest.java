package dev.diffusion.worker.model;

import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.engine.Engine;
import dev.diffusion.worker.model.contextunet.ContextUnet;
import org.junit.jupiter.api.Test;

class BenchProbeTest {
    @Test
    void bench() {
        try (NDManager m = NDManager.newBaseManager()) {
            ContextUnet net = ContextUnet.builder().setInChannels(1).setFeatures(64).optContextFeatures(10).setHeight(28).setTimesteps(500).build();
            net.initialize(m, DataType.FLOAT32, net.inputShapes(64));
            ParameterStore ps = new ParameterStore(m, false);
            for (int i = 0; i < 10; i++) {
                boolean manual = i % 2 == 0;
                System.setProperty("gn.manual", Boolean.toString(manual));
                try (NDManager sub = m.newSubManager()) {
                    NDArray x = sub.randomNormal(new Shape(64, 1, 28, 28));
                    NDArray t = sub.arange(64f);
                    NDArray c = sub.zeros(new Shape(64, 10));
                    long s = System.nanoTime();
                    NDArray y = net.forward(ps, new NDList(x, t, c), false).head();
                    y.toFloatArray();
                    long s2 = System.nanoTime();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y2 = net.forward(ps, new NDList(x, t, c), true).head();
                        gc.backward(y2.square().mean());
                    }
                    long s3 = System.nanoTime();
                    System.out.printf("manual=%s forward %.0f ms train step %.0f ms%n", manual, (s2 - s) / 1e6, (s3 - s2) / 1e6);
                }
            }
        }
    }
}
