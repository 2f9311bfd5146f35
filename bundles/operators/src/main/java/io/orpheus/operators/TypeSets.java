package io.orpheus.operators;

import static io.orpheus.api.DataType.*;

import io.orpheus.api.DataType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** The element-type constraints the spec gives operators, as the union over their implemented versions. */
final class TypeSets {

    static final Set<DataType> FLOATS = of(EnumSet.of(FLOAT16, FLOAT, DOUBLE, BFLOAT16));
    static final Set<DataType> SIGNED = of(union(FLOATS, EnumSet.of(INT8, INT16, INT32, INT64)));
    static final Set<DataType> NUMERIC = of(union(SIGNED, EnumSet.of(UINT8, UINT16, UINT32, UINT64)));
    /** Gemm, MatMul and PRelu: floats and 32/64-bit integers. */
    static final Set<DataType> MATMUL = of(union(FLOATS, EnumSet.of(INT32, INT64, UINT32, UINT64)));
    /** ReduceMax and ReduceMin: MATMUL's types, 8-bit integers and (from version 20) bool. */
    static final Set<DataType> MIN_MAX_REDUCIBLE = of(union(MATMUL, EnumSet.of(INT8, UINT8, BOOL)));
    static final Set<DataType> MAXPOOL = of(union(FLOATS, EnumSet.of(INT8, UINT8)));
    static final Set<DataType> POW_BASE = of(union(FLOATS, EnumSet.of(INT32, INT64)));
    static final Set<DataType> RANGE = of(union(FLOATS, EnumSet.of(INT16, INT32, INT64)));
    static final Set<DataType> EQUAL = of(union(NUMERIC, EnumSet.of(BOOL, STRING)));
    static final Set<DataType> ANY_FLOAT = of(EnumSet.copyOf(java.util.Arrays.stream(DataType.values())
            .filter(DataType::isFloatingPoint).toList()));
    static final Set<DataType> BOOLS = of(EnumSet.of(BOOL));
    static final Set<DataType> INDICES = of(EnumSet.of(INT32, INT64));
    static final Set<DataType> INT64S = of(EnumSet.of(INT64));
    static final Set<DataType> ANY = of(EnumSet.allOf(DataType.class));

    private TypeSets() {
    }

    private static EnumSet<DataType> union(Set<DataType> a, Set<DataType> b) {
        EnumSet<DataType> u = EnumSet.copyOf(a);
        u.addAll(b);
        return u;
    }

    private static Set<DataType> of(Set<DataType> s) {
        return Collections.unmodifiableSet(EnumSet.copyOf(s));
    }
}
