package io.orpheus.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The vector shape every kernel uses: 512 bits when the CPU prefers it, else the preferred one. */
public final class Vectors {

    public static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.vectorBitSize() == 512
            ? FloatVector.SPECIES_512 : FloatVector.SPECIES_PREFERRED;

    /** Lanes per vector (16 with AVX-512). */
    public static final int LANES = F.length();

    private Vectors() {
    }
}
