package io.orpheus.operators;

import static io.orpheus.api.DataType.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.api.graph.Attribute;
import org.junit.jupiter.api.Test;

class ElementwiseSchemasTest {

    @Test
    void unaryKeepsTypeAndShape() {
        TestContext c = Case.op("Relu").opset(14).in(FLOAT, "N", 3, 224).run();
        assertEquals(FLOAT, c.dtype(0));
        assertEquals("[N,3,224]", c.shape(0));
        assertEquals("[?]", Case.op("Sigmoid").opset(13).inUnranked(DOUBLE).run().shape(0));
        assertEquals(INT32, Case.op("Abs").opset(13).in(INT32, 4).run().dtype(0));
        assertEquals("[2]", Case.op("Gelu").opset(20).attr(Attribute.ofString("approximate", "tanh"))
                .in(FLOAT16, 2).run().shape(0));
        assertEquals("[]", Case.op("Not").opset(7).in(BOOL).run().shape(0));
    }

    @Test
    void unaryRefusesTypesOutsideItsConstraint() {
        Case.op("Sigmoid").opset(13).in(INT64, 2).fails("INT64", "Sigmoid takes");
        Case.op("Relu").opset(14).in(UINT8, 2).fails("UINT8");
        Case.op("Not").opset(7).in(FLOAT, 2).fails("FLOAT");
        Case.op("Gelu").opset(20).attr(Attribute.ofString("approximate", "fast")).in(FLOAT, 2).fails("approximate 'fast'");
    }

    @Test
    void binaryBroadcastsConcreteAndSymbolicShapes() {
        assertEquals("[2,3,4]", Case.op("Add").opset(14).in(FLOAT, 2, 3, 4).in(FLOAT, 4).run().shape(0));
        assertEquals("[N,3,4]", Case.op("Mul").opset(14).in(FLOAT, "N", 1, 4).in(FLOAT, 3, 1).run().shape(0));
        assertEquals("[N,3]", Case.op("Sub").opset(13).in(FLOAT, "N", 3).in(FLOAT, "N", 3).run().shape(0));
        assertEquals("[?,3]", Case.op("Div").opset(7).in(FLOAT, "N", 3).in(FLOAT, "M", 3).run().shape(0));
        assertEquals("[N]", Case.op("Add").opset(14).in(FLOAT, 1).in(FLOAT, "N").run().shape(0));
        assertEquals("[5]", Case.op("Add").opset(14).in(FLOAT, 5).in(FLOAT, "N").run().shape(0));
        assertEquals("[?]", Case.op("Add").opset(14).inUnranked(FLOAT).in(FLOAT, 5).run().shape(0));
    }

    @Test
    void binaryFailsOnIncompatibleShapesOrTypes() {
        Case.op("Add").opset(14).in(FLOAT, 2, 3).in(FLOAT, 4).fails("cannot broadcast shapes [2,3] and [4]");
        Case.op("Add").opset(14).in(FLOAT, 2).in(INT64, 2).fails("FLOAT", "INT64", "same type");
    }

    @Test
    void comparisonsAndLogicGiveBool() {
        TestContext eq = Case.op("Equal").opset(19).in(INT64, "N", 1).in(INT64, 4).run();
        assertEquals(BOOL, eq.dtype(0));
        assertEquals("[N,4]", eq.shape(0));
        assertEquals(BOOL, Case.op("GreaterOrEqual").opset(16).in(FLOAT, 2).in(FLOAT, 2).run().dtype(0));
        assertEquals(BOOL, Case.op("And").opset(7).in(BOOL, 2).in(BOOL, 1).run().dtype(0));
        Case.op("Or").opset(7).in(INT32, 2).in(INT32, 2).fails("INT32");
    }

    @Test
    void powTakesAnExponentOfAnotherType() {
        TestContext c = Case.op("Pow").opset(15).in(FLOAT, 2, 3).in(INT64).run();
        assertEquals(FLOAT, c.dtype(0));
        assertEquals("[2,3]", c.shape(0));
    }

    @Test
    void variadicBroadcastsFromVersion8() {
        TestContext c = Case.op("Sum").opset(13).in(FLOAT, 3, 1).in(FLOAT, 4).in(FLOAT, 1, 1).run();
        assertEquals("[3,4]", c.shape(0));
        assertEquals("[2,3]", Case.op("Max").opset(7).in(FLOAT, 2, 3).in(FLOAT, 2, 3).run().shape(0));
        Case.op("Mean").opset(7).in(FLOAT, 2, 3).in(FLOAT, 3).fails("one shape", "[2,3]", "[3]");
    }

    @Test
    void whereBroadcastsAllThree() {
        TestContext c = Case.op("Where").opset(16).in(BOOL, "N", 1).in(FLOAT, 1, 4).in(FLOAT).run();
        assertEquals(FLOAT, c.dtype(0));
        assertEquals("[N,4]", c.shape(0));
        Case.op("Where").opset(16).in(FLOAT, 2).in(FLOAT, 2).in(FLOAT, 2).fails("FLOAT");
    }

    @Test
    void clipVersions() {
        assertEquals("[2,2]", Case.op("Clip").opset(8).attr(Attribute.ofFloat("min", 0f)).in(FLOAT, 2, 2).run().shape(0));
        assertEquals(INT8, Case.op("Clip").opset(13).in(INT8, 3).absent().in(INT8).run().dtype(0));
        Case.op("Clip").opset(13).in(FLOAT, 3).in(FLOAT, 2).fails("must be a scalar");
        Case.op("Clip").opset(11).in(INT32, 3).fails("INT32");
    }

    @Test
    void preluSlopeBroadcastsToInput() {
        assertEquals("[N,3,4,4]", Case.op("PRelu").opset(16).in(FLOAT, "N", 3, 4, 4).in(FLOAT, 3, 1, 1).run().shape(0));
        Case.op("PRelu").opset(16).in(FLOAT, "N", 3, 4, 4).in(FLOAT, 4, 1, 1).fails("[4,1,1] cannot broadcast to [N,3,4,4]");
    }
}
