package io.orpheus.operators;

import static io.orpheus.api.DataType.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.graph.Attribute;
import org.junit.jupiter.api.Test;

class LinearSchemasTest {

    @Test
    void gemmShapes() {
        assertEquals("[4,5]", Case.op("Gemm").opset(13).in(FLOAT, 4, 3).in(FLOAT, 3, 5).in(FLOAT, 5).run().shape(0));
        assertEquals("[4,5]", Case.op("Gemm").opset(13).attr(Attribute.ofInt("transA", 1))
                .in(FLOAT, 3, 4).in(FLOAT, 3, 5).run().shape(0));
        assertEquals("[N,10]", Case.op("Gemm").opset(9).attr(Attribute.ofInt("transB", 1))
                .in(FLOAT, "N", 512).in(FLOAT, 10, 512).in(FLOAT, 1, 10).run().shape(0));
    }

    @Test
    void gemmRejectsInvalidInputs() {
        Case.op("Gemm").opset(13).in(FLOAT, 4, 3).in(FLOAT, 2, 5).fails("inner dimensions differ", "[4,3]", "[2,5]");
        Case.op("Gemm").opset(13).in(FLOAT, 4, 3).in(FLOAT, 3, 5).in(FLOAT, 4).fails("[4] cannot broadcast to [4,5]");
        Case.op("Gemm").opset(13).in(FLOAT, 1, 4, 3).in(FLOAT, 3, 5).fails("2-D");
        Case.op("Gemm").opset(13).in(FLOAT, 4, 3).in(DOUBLE, 3, 5).fails("same type");
    }

    @Test
    void matMulPromotesVectorsAndBroadcastsBatches() {
        assertEquals("[2,4]", Case.op("MatMul").opset(13).in(FLOAT, 2, 3).in(FLOAT, 3, 4).run().shape(0));
        assertEquals("[4]", Case.op("MatMul").opset(13).in(FLOAT, 3).in(FLOAT, 3, 4).run().shape(0));
        assertEquals("[2]", Case.op("MatMul").opset(13).in(FLOAT, 2, 3).in(FLOAT, 3).run().shape(0));
        assertEquals("[]", Case.op("MatMul").opset(9).in(INT32, 3).in(INT32, 3).run().shape(0));
        assertEquals("[N,5,2,4]", Case.op("MatMul").opset(7).in(FLOAT, "N", 1, 2, 3).in(FLOAT, 5, 3, 4).run().shape(0));
        assertEquals("[B,S,64]", Case.op("MatMul").opset(13).in(FLOAT, "B", "S", 32).in(FLOAT, 32, 64).run().shape(0));
    }

    @Test
    void matMulRejectsInvalidInputs() {
        Case.op("MatMul").opset(13).in(FLOAT, 2, 3).in(FLOAT, 4, 5).fails("inner dimensions differ");
        Case.op("MatMul").opset(13).in(FLOAT, 2, 2, 3).in(FLOAT, 3, 3, 4).fails("batch dimensions");
        Case.op("MatMul").opset(13).in(FLOAT).in(FLOAT, 3).fails("scalars");
    }
}
