package io.orpheus.backend.reference.nn;

import static io.orpheus.backend.reference.nn.Nodes.assertTensor;
import static io.orpheus.backend.reference.nn.Nodes.f;
import static io.orpheus.backend.reference.nn.Nodes.i;
import static io.orpheus.backend.reference.nn.Nodes.node;
import static io.orpheus.backend.reference.nn.Nodes.run1;
import static io.orpheus.backend.reference.nn.Nodes.shape;
import static io.orpheus.backend.reference.nn.Nodes.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelException;
import io.orpheus.backend.reference.Harness;
import org.junit.jupiter.api.Test;

class NormalizationTest {

    private static final double EPS = 1e-5;

    @Test
    void batchNormInference() {
        Tensor x = t(new float[] {-1, 0, 1, 2, 3, 4}, 1, 2, 1, 3);
        Tensor y = run1(node("BatchNormalization", 5, 1), 15, x, t(new float[] {1, 1.5f}, 2), t(new float[] {0, 1}, 2),
                t(new float[] {0, 3}, 2), t(new float[] {1, 1.5f}, 2));
        double a = 1 / Math.sqrt(1 + EPS);
        double b = 1.5 / Math.sqrt(1.5 + EPS);
        assertTensor(y, shape(1, 2, 1, 3), new float[] {(float) -a, 0, (float) a, (float) (-b + 1), 1,
                (float) (b + 1)}, 1e-6);
    }

    @Test
    void batchNormTrainingUsesBatchStatisticsAndUpdatesRunningOnes() {
        Tensor x = t(new float[] {1, 3, 5, 7}, 2, 1, 2);
        Tensor[] out = Harness.run(node("BatchNormalization", 5, 3, i("training_mode", 1)), 15, x,
                t(new float[] {1}, 1), t(new float[] {0}, 1), t(new float[] {0}, 1), t(new float[] {1}, 1));
        double inv = 1 / Math.sqrt(5 + EPS);
        assertTensor(out[0], shape(2, 1, 2), new float[] {(float) (-3 * inv), (float) (-inv), (float) inv,
                (float) (3 * inv)}, 1e-6);
        assertTensor(out[1], shape(1), new float[] {0.4f}, 1e-6);
        assertTensor(out[2], shape(1), new float[] {1.4f}, 1e-6);
    }

    @Test
    void instanceNormPerPlane() {
        Tensor x = t(new float[] {1, 2, 3, 2, 4, 6}, 1, 2, 3);
        Tensor y = run1(node("InstanceNormalization", 3, 1, f("epsilon", 0.01f)), 22, x, t(new float[] {1, 2}, 2),
                t(new float[] {0, 1}, 2));
        double i0 = 1 / Math.sqrt(2.0 / 3 + 0.01f);
        double i1 = 2 / Math.sqrt(8.0 / 3 + 0.01f);
        assertTensor(y, shape(1, 2, 3), new float[] {(float) -i0, 0, (float) i0, (float) (-2 * i1 + 1), 1,
                (float) (2 * i1 + 1)}, 1e-6);
    }

    @Test
    void layerNormLastAxisWithStatistics() {
        Tensor x = t(new float[] {1, 2, 3, 4, 6, 8}, 2, 3);
        Tensor[] out = Harness.run(node("LayerNormalization", 3, 3), 17, x, t(new float[] {1, 2, 3}, 3),
                t(new float[] {0, 0, 1}, 3));
        double inv0 = 1 / Math.sqrt(2.0 / 3 + EPS);
        double inv1 = 1 / Math.sqrt(8.0 / 3 + EPS);
        assertTensor(out[0], shape(2, 3), new float[] {(float) -inv0, 0, (float) (3 * inv0 + 1), (float) (-2 * inv1),
                0, (float) (3 * 2 * inv1 + 1)}, 1e-6);
        assertTensor(out[1], shape(2, 1), new float[] {2, 6}, 1e-6);
        assertTensor(out[2], shape(2, 1), new float[] {(float) inv0, (float) inv1}, 1e-6);
        assertEquals(DataType.FLOAT, out[1].dtype());
    }

    @Test
    void layerNormAxisZeroNormalisesEverything() {
        Tensor x = t(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor y = run1(node("LayerNormalization", 2, 1, i("axis", 0)), 17, x, t(new float[] {1, 1, 1, 1}, 2, 2));
        double inv = 1 / Math.sqrt(1.25 + EPS);
        assertTensor(y, shape(2, 2), new float[] {(float) (-1.5 * inv), (float) (-0.5 * inv), (float) (0.5 * inv),
                (float) (1.5 * inv)}, 1e-6);
    }

    @Test
    void lrnSumsAWindowOfChannels() {
        Tensor x = t(new float[] {1, 2, 3}, 1, 3, 1, 1);
        Tensor y = run1(node("LRN", 1, 1, i("size", 3), f("alpha", 0.3f), f("beta", 0.5f), f("bias", 1)), 13, x);
        double k = 0.3f / 3;
        assertTensor(y, shape(1, 3, 1, 1), new float[] {(float) (1 / Math.sqrt(1 + k * 5)),
                (float) (2 / Math.sqrt(1 + k * 14)), (float) (3 / Math.sqrt(1 + k * 13))}, 1e-6);
        // An even size looks one channel further ahead than behind.
        Tensor z = run1(node("LRN", 1, 1, i("size", 2), f("alpha", 0.2f), f("beta", 1), f("bias", 1)), 13, x);
        double h = 0.2f / 2;
        assertTensor(z, shape(1, 3, 1, 1), new float[] {(float) (1 / (1 + h * 5)), (float) (2 / (1 + h * 13)),
                (float) (3 / (1 + h * 9))}, 1e-6);
    }

    @Test
    void unsupportedConfigurationsAreNamed() {
        Tensor x = t(new float[] {1, 2}, 1, 2);
        Tensor c = t(new float[] {1, 1}, 2);
        KernelException training = assertThrows(KernelException.class, () -> Harness.run(
                node("BatchNormalization", 5, 3), 9, x, c, c, c, c));
        assertTrue(training.getMessage().contains("training outputs"), training.getMessage());
        KernelException stash = assertThrows(KernelException.class, () -> run1(
                node("LayerNormalization", 2, 1, i("stash_type", 7)), 17, x, c));
        assertTrue(stash.getMessage().contains("stash_type"), stash.getMessage());
        KernelException size = assertThrows(KernelException.class, () -> run1(node("LRN", 1, 1), 13,
                t(new float[] {1}, 1, 1, 1)));
        assertTrue(size.getMessage().contains("size"), size.getMessage());
    }
}
