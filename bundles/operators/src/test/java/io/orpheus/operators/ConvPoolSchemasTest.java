package io.orpheus.operators;

import static io.orpheus.api.DataType.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.orpheus.api.graph.Attribute;
import org.junit.jupiter.api.Test;

class ConvPoolSchemasTest {

    private static Case conv(int opset) {
        return Case.op("Conv").opset(opset);
    }

    @Test
    void convWithPadsAndStrides() {
        TestContext c = conv(22).attr(Attribute.ofInts("strides", 2, 2)).attr(Attribute.ofInts("pads", 3, 3, 3, 3))
                .attr(Attribute.ofInts("kernel_shape", 7, 7))
                .in(FLOAT, "N", 3, 224, 224).in(FLOAT, 64, 3, 7, 7).in(FLOAT, 64).run();
        assertEquals(FLOAT, c.dtype(0));
        assertEquals("[N,64,112,112]", c.shape(0));
    }

    @Test
    void convAutoPadGroupsAndDilations() {
        assertEquals("[1,32,8,8]", conv(11).attr(Attribute.ofInt("group", 32))
                .in(FLOAT, 1, 32, 10, 10).in(FLOAT, 32, 1, 3, 3).run().shape(0));
        assertEquals("[1,8,3,3]", conv(11).attr(Attribute.ofString("auto_pad", "SAME_UPPER"))
                .attr(Attribute.ofInts("strides", 2, 2)).in(FLOAT, 1, 3, 5, 5).in(FLOAT, 8, 3, 3, 3).run().shape(0));
        assertEquals("[1,8,2,2]", conv(11).attr(Attribute.ofString("auto_pad", "VALID"))
                .attr(Attribute.ofInts("strides", 2, 2)).in(FLOAT, 1, 3, 5, 5).in(FLOAT, 8, 3, 3, 3).run().shape(0));
        assertEquals("[1,1,3,3]", conv(7).attr(Attribute.ofInts("dilations", 2, 2))
                .in(FLOAT, 1, 1, 7, 7).in(FLOAT, 1, 1, 3, 3).run().shape(0));
        assertEquals("[N,8,?,5]", conv(22).in(FLOAT, "N", 3, "H", 7).in(FLOAT, 8, 3, 3, 3).run().shape(0));
        assertEquals("[?]", conv(22).inUnranked(FLOAT).in(FLOAT, 8, 3, 3, 3).run().shape(0));
    }

    @Test
    void convRejectsInvalidInputs() {
        conv(22).in(FLOAT, 1, 4, 5, 5).in(FLOAT, 8, 3, 3, 3).fails("mismatched channels", "[1,4,5,5]", "[8,3,3,3]");
        conv(22).in(FLOAT, 1, 3, 5).in(FLOAT, 8, 3, 3, 3).fails("ranks must agree");
        conv(22).in(FLOAT, 1, 3, 5, 5).in(FLOAT, 8, 3, 3, 3).in(FLOAT, 7).fails("bias", "[7]");
        conv(22).in(FLOAT, 1, 3, 2, 2).in(FLOAT, 8, 3, 3, 3).fails("smaller than the dilated kernel");
        conv(22).in(INT64, 1, 3, 5, 5).in(INT64, 8, 3, 3, 3).fails("INT64");
        conv(22).attr(Attribute.ofInts("pads", 1, 1)).in(FLOAT, 1, 3, 5, 5).in(FLOAT, 8, 3, 3, 3).fails("pads", "expected 4");
        conv(22).attr(Attribute.ofString("auto_pad", "SAME")).in(FLOAT, 1, 3, 5, 5).in(FLOAT, 8, 3, 3, 3)
                .fails("auto_pad 'SAME'");
    }

    @Test
    void convTransposeOutputSizes() {
        Case ct = Case.op("ConvTranspose").opset(22);
        assertEquals("[1,2,5,5]", Case.op("ConvTranspose").opset(22).in(FLOAT, 1, 3, 3, 3).in(FLOAT, 3, 2, 3, 3)
                .run().shape(0));
        assertEquals("[1,2,6,6]", ct.attr(Attribute.ofInts("strides", 2, 2)).attr(Attribute.ofInts("output_padding", 1, 1))
                .attr(Attribute.ofInts("pads", 1, 1, 1, 1)).in(FLOAT, 1, 3, 3, 3).in(FLOAT, 3, 2, 3, 3).run().shape(0));
        assertEquals("[1,2,10,8]", Case.op("ConvTranspose").opset(11).attr(Attribute.ofInts("output_shape", 10, 8))
                .attr(Attribute.ofInts("strides", 3, 2)).in(FLOAT, 1, 3, 3, 3).in(FLOAT, 3, 2, 3, 3).run().shape(0));
        assertEquals("[N,4,6,6]", Case.op("ConvTranspose").opset(11).attr(Attribute.ofInt("group", 2))
                .attr(Attribute.ofString("auto_pad", "SAME_UPPER")).attr(Attribute.ofInts("strides", 2, 2))
                .in(FLOAT, "N", 4, 3, 3).in(FLOAT, 4, 2, 3, 3).run().shape(0));
        Case.op("ConvTranspose").opset(22).in(FLOAT, 1, 3, 3, 3).in(FLOAT, 4, 2, 3, 3).fails("mismatched channels");
    }

    @Test
    void poolsAndCeilMode() {
        TestContext max = Case.op("MaxPool").opset(12).outputs(2).attr(Attribute.ofInts("kernel_shape", 2, 2))
                .attr(Attribute.ofInts("strides", 2, 2)).in(FLOAT, "N", 3, 32, 32).run();
        assertEquals("[N,3,16,16]", max.shape(0));
        assertEquals(INT64, max.dtype(1));
        assertEquals("[N,3,16,16]", max.shape(1));
        Case floor = Case.op("MaxPool").opset(22).attr(Attribute.ofInts("kernel_shape", 2, 2))
                .attr(Attribute.ofInts("strides", 2, 2)).in(FLOAT, 1, 1, 5, 5);
        assertEquals("[1,1,2,2]", floor.run().shape(0));
        assertEquals("[1,1,3,3]", Case.op("AveragePool").opset(19).attr(Attribute.ofInts("kernel_shape", 2, 2))
                .attr(Attribute.ofInts("strides", 2, 2)).attr(Attribute.ofInt("ceil_mode", 1)).in(FLOAT, 1, 1, 5, 5)
                .run().shape(0));
        // With ceil_mode a last window starting in the end padding is dropped.
        assertEquals("[1,1,2,2]", Case.op("MaxPool").opset(22).attr(Attribute.ofInts("kernel_shape", 2, 2))
                .attr(Attribute.ofInts("strides", 2, 2)).attr(Attribute.ofInts("pads", 0, 0, 1, 1))
                .attr(Attribute.ofInt("ceil_mode", 1)).in(FLOAT, 1, 1, 4, 4).run().shape(0));
        assertEquals("[1,1,3,3]", Case.op("AveragePool").opset(7).attr(Attribute.ofInts("kernel_shape", 3, 3))
                .attr(Attribute.ofString("auto_pad", "SAME_LOWER")).in(FLOAT, 1, 1, 3, 3).run().shape(0));
        TestContext one = Case.op("MaxPool").opset(7).attr(Attribute.ofInts("kernel_shape", 2, 2))
                .in(FLOAT, 1, 1, 5, 5).run();
        assertFalse(one.has(1));
    }

    @Test
    void poolsRejectInvalidInputs() {
        Case.op("AveragePool").opset(22).in(FLOAT, 1, 1, 5, 5).fails("kernel_shape");
        Case.op("MaxPool").opset(22).attr(Attribute.ofInts("kernel_shape", 2)).in(FLOAT, 1, 1, 5, 5)
                .fails("kernel_shape [2]", "expected 2");
        Case.op("MaxPool").opset(22).attr(Attribute.ofInts("kernel_shape", 2, 2)).in(FLOAT, 1, 5)
                .fails("rank >= 3");
    }

    @Test
    void globalPools() {
        assertEquals("[N,C,1,1]", Case.op("GlobalAveragePool").opset(22).in(FLOAT, "N", "C", 7, 7).run().shape(0));
        assertEquals("[2,8,1]", Case.op("GlobalMaxPool").opset(7).in(DOUBLE, 2, 8, 9).run().shape(0));
        Case.op("GlobalMaxPool").opset(22).in(FLOAT, 3).fails("rank >= 2");
    }
}
