package io.orpheus.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Tolerance;
import org.junit.jupiter.api.Test;

class TensorComparatorTest {

    private static final Tolerance ONNX = Tolerance.ONNX_DEFAULT;

    @Test
    void acceptsWithinRelativeAndAbsoluteBounds() {
        Tensor e = Tensor.of(new float[] {1000f, 0f, -2f}, 3);
        Tensor a = Tensor.of(new float[] {1000.9f, 5e-8f, -2.0019f}, 3);
        assertNull(TensorComparator.compare("y", a, e, ONNX));
    }

    @Test
    void reportsFirstBadElementWithPositionAndCount() {
        Tensor e = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5.5f, 7}, 2, 3);
        Mismatch m = TensorComparator.compare("y", a, e, ONNX);
        assertNotNull(m);
        assertEquals("value", m.kind());
        assertEquals(4, m.index());
        assertEquals("[1, 1]", m.position());
        assertEquals("5.5", m.observed());
        assertEquals("5.0", m.expected());
        assertEquals(2, m.badElements());
        assertTrue(m.describe().contains("output 'y' index 4 [1, 1]: observed 5.5, expected 5.0"), m.describe());
        assertTrue(m.describe().contains("rtol=0.00100"), m.describe());
    }

    @Test
    void nanMatchesOnlyNanAndInfinityOnlyItself() {
        Tensor e = Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY}, 2);
        assertNull(TensorComparator.compare("y", Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY}, 2), e, ONNX));
        assertNotNull(TensorComparator.compare("y", Tensor.of(new float[] {0f, Float.POSITIVE_INFINITY}, 2), e, ONNX));
        assertNotNull(TensorComparator.compare("y", Tensor.of(new float[] {Float.NaN, Float.MAX_VALUE}, 2), e, ONNX));
        assertNotNull(TensorComparator.compare("y", Tensor.of(new float[] {Float.NaN, Float.NEGATIVE_INFINITY}, 2), e, ONNX));
    }

    @Test
    void dtypeIsCheckedBeforeShapeAndShapeBeforeValues() {
        Tensor e = Tensor.of(new float[] {1, 2}, 2);
        Mismatch dtype = TensorComparator.compare("y", Tensor.of(new double[] {1, 2, 3}, 3), e, ONNX);
        assertEquals("dtype", dtype.kind());
        Mismatch shape = TensorComparator.compare("y", Tensor.of(new float[] {1, 2}, 1, 2), e, ONNX);
        assertEquals("shape", shape.kind());
        assertEquals("[1, 2]", shape.observed());
        assertEquals("[2]", shape.expected());
    }

    @Test
    void integersBooleansAndStringsAreExact() {
        Tolerance loose = new Tolerance(10, 10);
        assertNotNull(TensorComparator.compare("y", Tensor.of(new long[] {1, 3}, 2), Tensor.of(new long[] {1, 2}, 2), loose));
        assertNull(TensorComparator.compare("y", Tensor.of(new long[] {1, 2}, 2), Tensor.of(new long[] {1, 2}, 2), loose));
        assertNotNull(TensorComparator.compare("b", Tensor.ofBools(new boolean[] {true}, 1),
                Tensor.ofBools(new boolean[] {false}, 1), loose));
        Tensor s1 = Tensor.wrap(DataType.STRING, new String[] {"a", "b"}, 2);
        Tensor s2 = Tensor.wrap(DataType.STRING, new String[] {"a", "c"}, 2);
        Mismatch m = TensorComparator.compare("s", s1, s2, loose);
        assertEquals(1, m.index());
        assertEquals("\"b\"", m.observed());
    }

    @Test
    void missingOutputIsReported() {
        assertEquals("missing", TensorComparator.compare("y", null, Tensor.scalar(1f), ONNX).kind());
    }

    @Test
    void tableLoosensForAccumulatingOpsAndImplementationCanLoosenFurther() {
        assertEquals(Tolerance.ONNX_DEFAULT, Tolerances.forNodeTest("Relu"));
        assertTrue(Tolerances.forNodeTest("Conv").atol() > Tolerance.ONNX_DEFAULT.atol());
        Tolerance winograd = new Tolerance(1e-3, 1e-2);
        assertEquals(winograd, Tolerances.loosest(Tolerances.forGenerated("Conv"), winograd));
        assertEquals(Tolerances.forGenerated("Conv"), Tolerances.loosest(Tolerances.forGenerated("Conv"), null));
    }
}
