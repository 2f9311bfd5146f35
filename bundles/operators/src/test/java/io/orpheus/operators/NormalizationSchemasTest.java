package io.orpheus.operators;

import static io.orpheus.api.DataType.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.graph.Attribute;
import org.junit.jupiter.api.Test;

class NormalizationSchemasTest {

    private static Case batchNorm(int opset, int outputs) {
        return Case.op("BatchNormalization").opset(opset).outputs(outputs);
    }

    @Test
    void batchNormalization() {
        TestContext c = batchNorm(15, 3).attr(Attribute.ofInt("training_mode", 1)).in(FLOAT, "N", 3, 8, 8)
                .in(FLOAT, 3).in(FLOAT, 3).in(DOUBLE, 3).in(DOUBLE, 3).run();
        assertEquals("[N,3,8,8]", c.shape(0));
        assertEquals(DOUBLE, c.dtype(1));
        assertEquals("[3]", c.shape(2));
        TestContext v7 = batchNorm(7, 5).in(FLOAT, 2, 4).in(FLOAT, 4).in(FLOAT, 4).in(FLOAT, 4).in(FLOAT, 4).run();
        assertEquals("[4]", v7.shape(4));
        assertEquals("[N,C,5]", batchNorm(14, 1).in(FLOAT, "N", "C", 5).in(FLOAT, "C").in(FLOAT, "C")
                .in(FLOAT, "C").in(FLOAT, "C").run().shape(0));
    }

    @Test
    void batchNormalizationRejectsMismatchedChannels() {
        batchNorm(15, 1).in(FLOAT, 1, 3, 8, 8).in(FLOAT, 3).in(FLOAT, 3).in(FLOAT, 4).in(FLOAT, 3)
                .fails("mismatched channels", "[4]", "3 channels");
        batchNorm(9, 1).in(FLOAT, 1, 3).in(FLOAT, 3, 1).in(FLOAT, 3).in(FLOAT, 3).in(FLOAT, 3).fails("expected 1-D");
        batchNorm(9, 1).in(FLOAT, 3).in(FLOAT, 3).in(FLOAT, 3).in(FLOAT, 3).in(FLOAT, 3).fails("rank >= 2");
        batchNorm(9, 1).in(FLOAT, 1, 3).in(DOUBLE, 3).in(FLOAT, 3).in(FLOAT, 3).in(FLOAT, 3).fails("same type");
    }

    @Test
    void instanceAndLayerNormalization() {
        assertEquals("[N,3,7]", Case.op("InstanceNormalization").opset(22).in(FLOAT, "N", 3, 7).in(FLOAT, 3).in(FLOAT, 3)
                .run().shape(0));
        Case.op("InstanceNormalization").opset(6).in(FLOAT, 1, 3, 7).in(FLOAT, 2).in(FLOAT, 3).fails("mismatched channels");
        TestContext ln = Case.op("LayerNormalization").opset(17).outputs(3).in(FLOAT16, "N", "T", 16).in(FLOAT16, 16).run();
        assertEquals(FLOAT16, ln.dtype(0));
        assertEquals(FLOAT, ln.dtype(1));
        assertEquals("[N,T,1]", ln.shape(1));
        TestContext ln1 = Case.op("LayerNormalization").opset(18).outputs(2).attr(Attribute.ofInt("axis", 1))
                .in(FLOAT, 2, 3, 4).in(FLOAT, 3, 4).in(FLOAT, 4).run();
        assertEquals("[2,1,1]", ln1.shape(1));
        Case.op("LayerNormalization").opset(17).in(FLOAT, 2, 16).in(FLOAT, 8).fails("[8] cannot broadcast to [16]");
        Case.op("LayerNormalization").opset(17).attr(Attribute.ofInt("axis", 2)).in(FLOAT, 2, 16).in(FLOAT, 16)
                .fails("axis 2 is out of range for rank 2");
    }

    @Test
    void softmaxAxisDefaultsByVersion() {
        assertEquals("[N,10]", Case.op("Softmax").opset(13).in(FLOAT, "N", 10).run().shape(0));
        assertEquals("[2,3,4]", Case.op("LogSoftmax").opset(11).attr(Attribute.ofInt("axis", -3)).in(FLOAT, 2, 3, 4)
                .run().shape(0));
        Case.op("Softmax").opset(13).attr(Attribute.ofInt("axis", 2)).in(FLOAT, 2, 3).fails("axis 2 is out of range");
        Case.op("Softmax").opset(13).in(INT32, 2, 3).fails("INT32");
    }

    @Test
    void lrn() {
        assertEquals("[1,8,4,4]", Case.op("LRN").opset(13).attr(Attribute.ofInt("size", 3)).in(FLOAT, 1, 8, 4, 4)
                .run().shape(0));
        Case.op("LRN").opset(13).attr(Attribute.ofInt("size", 0)).in(FLOAT, 1, 8, 4, 4).fails("size 0");
    }
}
