package io.orpheus.onnx;

import static io.orpheus.onnx.Protos.FLOAT;
import static io.orpheus.onnx.Protos.INT64;
import static io.orpheus.onnx.Protos.model;
import static io.orpheus.onnx.Protos.raw;
import static io.orpheus.onnx.Protos.reluGraph;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.orpheus.api.ModelLoadException;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Model;
import io.orpheus.api.model.ImportLimits;
import io.orpheus.onnx.proto.Onnx.AttributeProto;
import io.orpheus.onnx.proto.Onnx.ModelProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model file is read through a mapping that is gone once it is loaded: the model is the same as from
 * the file's bytes, and owns every byte of it (nothing changes when the file is overwritten or removed).
 */
class MappedFileLoadTest {

    @TempDir
    Path dir;

    /** Not a multiple of any vector or page: the tail of the mapping is read too. */
    private static final int WEIGHTS = 3 * 1000 + 7;

    /** Relu plus a float and an int64 initializer in raw_data and a string attribute. */
    private static ModelProto sample() {
        SplittableRandom rng = new SplittableRandom(11);
        ByteBuffer w = ByteBuffer.allocate(WEIGHTS * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < WEIGHTS; i++) {
            w.putFloat((float) rng.nextGaussian());
        }
        ByteBuffer shape = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).putLong(WEIGHTS);
        var graph = reluGraph()
                .addInitializer(raw("w", FLOAT, new long[] {WEIGHTS}, w.array()))
                .addInitializer(raw("shape", INT64, new long[] {2}, shape.array()));
        var relu = graph.getNode(0).toBuilder().addAttribute(AttributeProto.newBuilder().setName("note")
                .setType(3).setS(ByteString.copyFromUtf8("kept after the file is gone")));
        graph.setNode(0, relu);
        return model(graph).build();
    }

    private static float[] floats(Model m, String name) {
        return m.graph().initializers().get(name).floats();
    }

    @Test
    void aFileLoadsAsItsBytesDo() throws IOException {
        byte[] bytes = sample().toByteArray();
        Path file = Protos.write(dir, "m.onnx", bytes);
        Model fromFile = new OnnxModelImporter().load(file, ImportLimits.DEFAULT);
        Model fromBytes = new OnnxModelImporter().load(bytes, file.toString(), dir, ImportLimits.DEFAULT);
        assertEquals(fromBytes.graph().nodes().toString(), fromFile.graph().nodes().toString());
        assertEquals("kept after the file is gone", fromFile.graph().nodes().getFirst().attrString("note", ""));
        assertEquals(fromBytes.graph().initializers().keySet(), fromFile.graph().initializers().keySet());
        for (String name : fromBytes.graph().initializers().keySet()) {
            Tensor a = fromBytes.graph().initializers().get(name);
            Tensor b = fromFile.graph().initializers().get(name);
            assertEquals(a.dtype(), b.dtype(), name);
            assertArrayEquals(a.shape(), b.shape(), name);
        }
        assertArrayEquals(floats(fromBytes, "w"), floats(fromFile, "w"));
        assertArrayEquals((long[]) fromBytes.graph().initializers().get("shape").array(),
                (long[]) fromFile.graph().initializers().get("shape").array());
        assertEquals(file.toString(), fromFile.source());
    }

    @Test
    void theModelOwnsItsDataOnceLoaded() throws IOException {
        byte[] bytes = sample().toByteArray();
        Model expected = new OnnxModelImporter().load(bytes, "mem", null, ImportLimits.DEFAULT);
        Path file = Protos.write(dir, "m.onnx", bytes);
        Model loaded = new OnnxModelImporter().load(file, ImportLimits.DEFAULT);

        // Were any of it still a view of the file, these would change it or make reading it fail.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(bytes.length), 0);
            ch.truncate(0);
        }
        Files.delete(file);

        assertArrayEquals(floats(expected, "w"), floats(loaded, "w"));
        assertArrayEquals(new long[] {-1, WEIGHTS}, (long[]) loaded.graph().initializers().get("shape").array());
        assertEquals("kept after the file is gone", loaded.graph().nodes().getFirst().attrString("note", ""));
    }

    @Test
    void aDirectoryIsRefusedByName() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new OnnxModelImporter().load(dir, ImportLimits.DEFAULT));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("not a regular file"),
                e.getMessage());
    }

    @Test
    void everyLoadOfOneFileIsIndependent() throws IOException {
        Path file = Protos.write(dir, "m.onnx", sample().toByteArray());
        List<Model> models = List.of(new OnnxModelImporter().load(file, ImportLimits.DEFAULT),
                new OnnxModelImporter().load(file, ImportLimits.DEFAULT));
        float[] first = floats(models.get(0), "w");
        float[] second = floats(models.get(1), "w");
        assertArrayEquals(first, second);
        first[0] = Float.NaN;
        assertFalse(Float.isNaN(second[0]), "two loads share no array");
    }
}
