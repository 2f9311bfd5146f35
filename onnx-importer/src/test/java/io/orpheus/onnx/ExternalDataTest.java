package io.orpheus.onnx;

import static io.orpheus.onnx.Protos.FLOAT;
import static io.orpheus.onnx.Protos.model;
import static io.orpheus.onnx.Protos.reluGraph;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.ModelLoadException;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Model;
import io.orpheus.api.model.ImportLimits;
import io.orpheus.onnx.proto.Onnx.ModelProto;
import io.orpheus.onnx.proto.Onnx.StringStringEntryProto;
import io.orpheus.onnx.proto.Onnx.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** External data is read only from inside the model's directory, and only within the file. */
class ExternalDataTest {
    @TempDir
    Path root;

    private static TensorProto external(long[] dims, String... keyValues) {
        TensorProto.Builder b = TensorProto.newBuilder().setName("w").setDataType(FLOAT)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL);
        for (long d : dims) {
            b.addDims(d);
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            b.addExternalData(StringStringEntryProto.newBuilder().setKey(keyValues[i]).setValue(keyValues[i + 1]));
        }
        return b.build();
    }

    private Path modelDir() throws IOException {
        return Files.createDirectories(root.resolve("model"));
    }

    private static byte[] littleEndian(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private ModelLoadException refused(Path dir, TensorProto t, String... parts) throws IOException {
        ModelProto m = model(reluGraph().addInitializer(t)).build();
        Path file = Protos.write(dir, "model.onnx", m.toByteArray());
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new OnnxModelImporter().load(file, ImportLimits.DEFAULT));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("initializer 'w'"), e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
        return e;
    }

    @Test
    void readsTheRequestedRange() throws IOException {
        Path dir = modelDir();
        byte[] data = new byte[16 + 12];
        System.arraycopy(littleEndian(1.5f, -2f, 3.25f), 0, data, 16, 12);
        Files.createDirectories(dir.resolve("weights"));
        Files.write(dir.resolve("weights/data.bin"), data);
        ModelProto m = model(reluGraph().addInitializer(
                external(new long[] {3}, "location", "weights/data.bin", "offset", "16", "length", "12"))).build();
        Model model = Protos.load(dir, m);
        Tensor w = model.graph().initializers().get("w");
        assertArrayEquals(new float[] {1.5f, -2f, 3.25f}, w.floats());
    }

    @Test
    void lengthDefaultsToTheRestOfTheFile() throws IOException {
        Path dir = modelDir();
        Files.write(dir.resolve("data.bin"), littleEndian(7f, 8f));
        Model model = Protos.load(dir, model(reluGraph().addInitializer(
                external(new long[] {2}, "location", "data.bin", "checksum", "ignored"))).build());
        assertArrayEquals(new float[] {7f, 8f}, model.graph().initializers().get("w").floats());
    }

    @Test
    void largeTensorsAreReadAcrossChunkBoundaries() throws IOException {
        Path dir = modelDir();
        int n = 1_500_001;
        float[] values = new float[n];
        java.util.Random rnd = new java.util.Random(99);
        for (int i = 0; i < n; i++) {
            values[i] = rnd.nextFloat();
        }
        byte[] data = new byte[8 + n * 4];
        System.arraycopy(littleEndian(values), 0, data, 8, n * 4);
        Files.write(dir.resolve("big.bin"), data);
        Model model = Protos.load(dir, model(reluGraph().addInitializer(
                external(new long[] {n}, "location", "big.bin", "offset", "8"))).build());
        assertArrayEquals(values, model.graph().initializers().get("w").floats());
    }

    @Test
    void packedAndWideTypesReadFromExternalData() throws IOException {
        Path dir = modelDir();
        Files.write(dir.resolve("int4.bin"), new byte[] {0x78, 0x0F});
        ByteBuffer longs = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        longs.asLongBuffer().put(new long[] {-5, 1L << 50});
        Files.write(dir.resolve("int64.bin"), longs.array());
        TensorProto int4 = external(new long[] {3}, "location", "int4.bin").toBuilder().setName("q")
                .setDataType(io.orpheus.api.DataType.INT4.onnxCode()).build();
        TensorProto int64 = external(new long[] {2}, "location", "int64.bin").toBuilder().setName("l")
                .setDataType(io.orpheus.api.DataType.INT64.onnxCode()).build();
        Model model = Protos.load(dir, model(reluGraph().addInitializer(int4).addInitializer(int64)).build());
        assertArrayEquals(new byte[] {-8, 7, -1}, model.graph().initializers().get("q").bytes());
        assertArrayEquals(new long[] {-5, 1L << 50}, model.graph().initializers().get("l").longs());
    }

    @Test
    void externalBytesCountTowardsTheModelSizeLimit() throws IOException {
        Path dir = modelDir();
        Files.write(dir.resolve("data.bin"), new byte[4096]);
        ModelProto m = model(reluGraph().addInitializer(external(new long[] {1024}, "location", "data.bin"))).build();
        Path file = Protos.write(dir, "model.onnx", m.toByteArray());
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new OnnxModelImporter().load(file, new ImportLimits(4000, 1 << 20, 100, 8)));
        assertTrue(e.getMessage().contains("maxModelBytes"), e.getMessage());
    }

    @Test
    void absolutePathIsRefused() throws IOException {
        refused(modelDir(), external(new long[] {1}, "location", "/etc/passwd"), "absolute");
    }

    @Test
    void parentDirectoryEscapeIsRefused() throws IOException {
        Files.write(root.resolve("outside.bin"), littleEndian(1f));
        refused(modelDir(), external(new long[] {1}, "location", "../outside.bin"), "'..'");
        refused(modelDir(), external(new long[] {1}, "location", "sub/../../outside.bin"), "'..'");
    }

    @Test
    void symlinkLeavingTheDirectoryIsRefused() throws IOException {
        Path dir = modelDir();
        Path outside = Files.write(root.resolve("secret.bin"), littleEndian(1f));
        Files.createSymbolicLink(dir.resolve("link.bin"), outside);
        refused(dir, external(new long[] {1}, "location", "link.bin"), "outside the model's directory");
    }

    @Test
    void symlinkStayingInsideTheDirectoryWorks() throws IOException {
        Path dir = modelDir();
        Path target = Files.write(dir.resolve("real.bin"), littleEndian(4f));
        Files.createSymbolicLink(dir.resolve("alias.bin"), target);
        Model model = Protos.load(dir, model(reluGraph().addInitializer(
                external(new long[] {1}, "location", "alias.bin"))).build());
        assertArrayEquals(new float[] {4f}, model.graph().initializers().get("w").floats());
    }

    @Test
    void missingFileIsRefused() throws IOException {
        refused(modelDir(), external(new long[] {1}, "location", "nothing.bin"), "does not exist");
    }

    @Test
    void offsetPastTheEndIsRefused() throws IOException {
        Path dir = modelDir();
        Files.write(dir.resolve("data.bin"), littleEndian(1f, 2f));
        refused(dir, external(new long[] {1}, "location", "data.bin", "offset", "9"), "offset 9 is past the end");
    }

    @Test
    void lengthPastTheEndIsRefused() throws IOException {
        Path dir = modelDir();
        Files.write(dir.resolve("data.bin"), littleEndian(1f, 2f));
        refused(dir, external(new long[] {2}, "location", "data.bin", "offset", "4", "length", "8"), "past the end");
    }

    @Test
    void lengthNotMatchingTheShapeIsRefused() throws IOException {
        Path dir = modelDir();
        Files.write(dir.resolve("data.bin"), littleEndian(1f, 2f, 3f));
        refused(dir, external(new long[] {2}, "location", "data.bin"), "holds 12 bytes", "needs 8");
    }

    @Test
    void hugeShapeIsRefusedBeforeReading() throws IOException {
        Path dir = modelDir();
        Files.write(dir.resolve("data.bin"), new byte[1024]);
        refused(dir, external(new long[] {1L << 40}, "location", "data.bin"), "1099511627776");
    }

    @Test
    void modelFromBytesHasNoDirectoryForExternalData() {
        ModelProto m = model(reluGraph().addInitializer(external(new long[] {1}, "location", "data.bin"))).build();
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new OnnxModelImporter().load(m.toByteArray(), "in-memory", null, ImportLimits.DEFAULT));
        assertTrue(e.getMessage().contains("not loaded from a file"), e.getMessage());
    }
}
