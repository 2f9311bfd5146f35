package io.orpheus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapPagesTest {

    @TempDir
    Path dir;

    @Test
    void kernelModeIsTheBracketedWord() throws IOException {
        Path f = dir.resolve("enabled");
        Files.writeString(f, "always [madvise] never\n");
        assertEquals("madvise", HeapPages.kernelMode(f));
        Files.writeString(f, "[always] madvise never\n");
        assertEquals("always", HeapPages.kernelMode(f));
        Files.writeString(f, "no brackets\n");
        assertNull(HeapPages.kernelMode(f));
        assertNull(HeapPages.kernelMode(dir.resolve("absent")));
    }

    @Test
    void theHeapIsHugeUnderAlwaysOrUnderMadviseWhenTheLastFlagAsks() {
        List<String> asked = List.of("-Xmx8g", "-XX:+UseTransparentHugePages");
        assertTrue(HeapPages.huge(asked, "madvise"));
        assertFalse(HeapPages.huge(List.of("-Xmx8g"), "madvise"));
        assertFalse(HeapPages.huge(List.of("-XX:+UseTransparentHugePages", "-XX:-UseTransparentHugePages"), "madvise"));
        assertTrue(HeapPages.huge(List.of(), "always"));
        assertFalse(HeapPages.huge(asked, "never"));
        assertFalse(HeapPages.huge(asked, null));
    }
}
