package io.orpheus.api.backend;

/** Where a kernel wants its tensors: Java heap arrays, or native memory. */
public enum StorageKind {
    HEAP, NATIVE
}
