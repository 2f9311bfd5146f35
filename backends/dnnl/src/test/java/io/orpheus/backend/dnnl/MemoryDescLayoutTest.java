package io.orpheus.backend.dnnl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The struct layout this backend assumes for {@code dnnl_memory_desc_t} (696 bytes; ndims at 0, dims at
 * 8, data_type at 104), checked against the installed library: what oneDNN writes is read back at those
 * offsets, nothing is written past the assumed size, and descriptors a primitive answers with copy whole.
 */
class MemoryDescLayoutTest {

    @BeforeAll
    static void requireDnnl() {
        DnnlAssumptions.requireDnnl();
    }

    @Test
    void knownFieldsRoundTripAtTheAssumedOffsets() {
        DnnlLibrary lib = Dnnl.get().lib();
        try (Arena arena = Arena.ofConfined()) {
            MemoryDesc md = MemoryDesc.plain(lib, arena, 2, 3, 5, 7);
            assertEquals(4, md.ndims());
            assertArrayEquals(new long[] {2, 3, 5, 7}, md.dims());
            assertEquals(DnnlConstants.F32, md.dataType());
            assertEquals(2L * 3 * 5 * 7 * Float.BYTES, md.bytes());
            MemoryDesc transposed = MemoryDesc.strided(lib, arena, new long[] {4, 6}, new long[] {1, 4});
            assertEquals(4L * 6 * Float.BYTES, transposed.bytes());
            assertTrue(!md.sameLayout(transposed));
        }
    }

    @Test
    void oneDnnWritesNothingPastTheAssumedSize() {
        DnnlLibrary lib = Dnnl.get().lib();
        try (Arena arena = Arena.ofConfined()) {
            int guard = 256;
            MemorySegment block = arena.allocate(DnnlConstants.MEMORY_DESC_BYTES + guard, 8);
            block.fill((byte) 0x5a);
            long[] dims = new long[DnnlConstants.MAX_NDIMS];
            long[] strides = new long[DnnlConstants.MAX_NDIMS];
            for (int i = 0; i < DnnlConstants.MAX_NDIMS; i++) {
                dims[i] = 2;
                strides[i] = 1L << (DnnlConstants.MAX_NDIMS - 1 - i);
            }
            Dnnl.check(lib.dnnl_memory_desc_init_by_strides(new com.sun.jna.Pointer(block.address()),
                    DnnlConstants.MAX_NDIMS, dims, DnnlConstants.F32, strides), "init");
            for (int i = 0; i < guard; i++) {
                assertEquals((byte) 0x5a, block.get(ValueLayout.JAVA_BYTE, DnnlConstants.MEMORY_DESC_BYTES + i),
                        "byte " + (DnnlConstants.MEMORY_DESC_BYTES + i) + " was written");
            }
            assertEquals(DnnlConstants.MAX_NDIMS, block.get(ValueLayout.JAVA_INT, 0));
        }
    }

    @Test
    void descriptorsCopiedFromAPrimitiveKeepTheirLayout() {
        Dnnl dnnl = Dnnl.get();
        DnnlEngine engine = new DnnlEngine(dnnl);
        try (Arena arena = Arena.ofConfined()) {
            MemoryDesc plain = MemoryDesc.plain(dnnl.lib(), arena, 1, 32, 9, 9);
            MemoryDesc any = MemoryDesc.any(dnnl.lib(), arena, 1, 32, 9, 9);
            try (Primitive p = Primitive.create(engine, arena, "eltwise",
                    d -> dnnl.lib().dnnl_eltwise_forward_desc_init(d, DnnlConstants.FORWARD_INFERENCE,
                            DnnlConstants.ELTWISE_RELU, plain.pointer(), 0f, 0f), PostOps.none())) {
                MemoryDesc answered = p.md(arena, DnnlConstants.QUERY_DST_MD, 0);
                assertTrue(answered.sameLayout(plain), "a row-major descriptor survives the copy");
                assertArrayEquals(new long[] {1, 32, 9, 9}, answered.dims());
                assertTrue(!p.implementation().isEmpty());
            }
            assertEquals(0, any.dims()[0] - 1);
        }
    }
}
