package io.orpheus.onnx;

import io.orpheus.api.DataType;
import io.orpheus.onnx.proto.Onnx.StringStringEntryProto;
import io.orpheus.onnx.proto.Onnx.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a tensor's bytes from an external data file, confined to the model's directory: the
 * location must be relative, must not climb out with "..", and must not reach outside through
 * a symbolic link. Only the requested range is read.
 */
final class ExternalDataReader {
    /** Chunk size for copying file bytes into typed arrays: bounded so a huge tensor needs no huge buffer. */
    private static final int CHUNK_BYTES = 1 << 22;

    private ExternalDataReader() {
    }

    /**
     * Reads an external tensor's elements into the heap array of its type.
     *
     * @param count element count, already checked against the limits
     */
    static Object read(TensorProto p, DataType dtype, int count, String element, ImportContext ctx) {
        long expectedBytes = ElementLayout.serializedBytes(dtype, count);
        Range range = locate(p, element, expectedBytes, ctx);
        try (FileChannel ch = FileChannel.open(range.file(), StandardOpenOption.READ)) {
            if (dtype.arrayType() == byte[].class) {
                byte[] bytes = new byte[(int) expectedBytes];
                fill(ch, range.offset(), ByteBuffer.wrap(bytes), element, range.location(), ctx);
                return ElementLayout.elementsPerByte(dtype) > 1 ? ElementLayout.unpack(dtype, bytes, count) : bytes;
            }
            int slots = count * dtype.slotsPerElement();
            int slotBytes = dtype.storageBytes() / dtype.slotsPerElement();
            Object array = java.lang.reflect.Array.newInstance(dtype.arrayType().getComponentType(), slots);
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES / slotBytes * slotBytes).order(ByteOrder.LITTLE_ENDIAN);
            long position = range.offset();
            int done = 0;
            while (done < slots) {
                int n = Math.min(slots - done, chunk.capacity() / slotBytes);
                chunk.clear().limit(n * slotBytes);
                fill(ch, position, chunk, element, range.location(), ctx);
                chunk.flip();
                switch (array) {
                    case float[] a -> chunk.asFloatBuffer().get(a, done, n);
                    case double[] a -> chunk.asDoubleBuffer().get(a, done, n);
                    case long[] a -> chunk.asLongBuffer().get(a, done, n);
                    case int[] a -> chunk.asIntBuffer().get(a, done, n);
                    case short[] a -> chunk.asShortBuffer().get(a, done, n);
                    default -> throw new IllegalStateException(dtype + " has no little-endian encoding");
                }
                position += (long) n * slotBytes;
                done += n;
            }
            return array;
        } catch (IOException e) {
            throw ctx.error(element, "cannot read external data file '" + range.location() + "': " + e.getMessage(), e);
        }
    }

    private record Range(Path file, String location, long offset, long length) {
    }

    private static Range locate(TensorProto p, String element, long expectedBytes, ImportContext ctx) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : p.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parseNonNegative(e.getValue(), "offset", element, ctx);
                case "length" -> length = parseNonNegative(e.getValue(), "length", element, ctx);
                default -> {
                    // "checksum" and keys of later format versions do not change which bytes are read.
                }
            }
        }
        if (location == null || location.isEmpty()) {
            throw ctx.error(element, "external data has no location");
        }
        Path file = confinedFile(location, element, ctx);
        long fileSize;
        try {
            fileSize = Files.size(file);
        } catch (IOException e) {
            throw ctx.error(element, "cannot read external data file '" + location + "': " + e.getMessage(), e);
        }
        if (offset > fileSize) {
            throw ctx.error(element, "external data offset " + offset + " is past the end of '" + location
                    + "' (" + fileSize + " bytes)");
        }
        if (length < 0) {
            length = fileSize - offset;
        } else if (length > fileSize - offset) {
            throw ctx.error(element, "external data range [" + offset + ", " + offset + "+" + length
                    + ") is past the end of '" + location + "' (" + fileSize + " bytes)");
        }
        if (length != expectedBytes) {
            throw ctx.error(element, "external data holds " + length + " bytes but the declared shape needs "
                    + expectedBytes);
        }
        ctx.countExternalBytes(element, length);
        return new Range(file, location, offset, length);
    }

    private static Path confinedFile(String location, String element, ImportContext ctx) {
        Path baseDir = ctx.baseDir();
        if (baseDir == null) {
            throw ctx.error(element, "external data '" + location
                    + "' cannot be resolved: the model was not loaded from a file");
        }
        if (location.startsWith("/") || location.startsWith("\\") || location.matches("^[A-Za-z]:.*")) {
            throw ctx.error(element, "external data location '" + location + "' is absolute; only paths"
                    + " relative to the model's directory are allowed");
        }
        Path relative;
        try {
            relative = Path.of(location);
        } catch (InvalidPathException e) {
            throw ctx.error(element, "external data location '" + location + "' is not a valid path", e);
        }
        if (relative.isAbsolute()) {
            throw ctx.error(element, "external data location '" + location + "' is absolute; only paths"
                    + " relative to the model's directory are allowed");
        }
        for (String part : location.split("[/\\\\]")) {
            if (part.equals("..")) {
                throw ctx.error(element, "external data location '" + location
                        + "' climbs out of the model's directory with '..'");
            }
        }
        Path candidate = baseDir.resolve(relative);
        if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
            throw ctx.error(element, "external data file '" + location + "' does not exist in " + baseDir);
        }
        Path realBase;
        Path realFile;
        try {
            realBase = baseDir.toRealPath();
            realFile = candidate.toRealPath();
        } catch (IOException e) {
            throw ctx.error(element, "external data file '" + location + "' cannot be resolved: " + e, e);
        }
        if (!realFile.startsWith(realBase)) {
            throw ctx.error(element, "external data location '" + location + "' resolves to " + realFile
                    + ", outside the model's directory " + realBase);
        }
        if (!Files.isRegularFile(realFile)) {
            throw ctx.error(element, "external data location '" + location + "' is not a regular file");
        }
        return realFile;
    }

    private static long parseNonNegative(String text, String key, String element, ImportContext ctx) {
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw ctx.error(element, "external data " + key + " '" + text + "' is not an integer");
        }
        if (v < 0) {
            throw ctx.error(element, "external data " + key + " " + v + " is negative");
        }
        return v;
    }

    /** Reads from {@code position} until {@code buf} is full. */
    private static void fill(FileChannel ch, long position, ByteBuffer buf, String element, String location,
                             ImportContext ctx) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw ctx.error(element, "external data file '" + location + "' ended early (changed while read?)");
            }
            pos += n;
        }
    }
}
