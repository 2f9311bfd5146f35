package io.orpheus.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MachineTest {

    @Test
    void heapPagesAreNamedForTheRecord() {
        assertEquals("huge", Machine.heapPages(List.of("-XX:+UseTransparentHugePages"), "madvise"));
        assertEquals("4 KiB", Machine.heapPages(List.of(), "madvise"));
    }
}
