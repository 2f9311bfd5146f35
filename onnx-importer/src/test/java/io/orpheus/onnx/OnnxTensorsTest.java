package io.orpheus.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.ModelLoadException;
import io.orpheus.api.Tensor;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxTensorsTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReadsNamedTensorsOfEveryType() {
        Random rnd = new Random(7);
        for (DataType t : DataType.values()) {
            Tensor original = Tensor.allocate(t, 3, 5);
            for (int i = 0; i < original.size(); i++) {
                if (t == DataType.STRING) {
                    original.strings()[i] = "s" + rnd.nextInt(100);
                } else if (t == DataType.COMPLEX64) {
                    original.floats()[2 * i] = rnd.nextFloat();
                    original.floats()[2 * i + 1] = -rnd.nextFloat();
                } else if (t == DataType.COMPLEX128) {
                    original.doubles()[2 * i] = rnd.nextDouble();
                    original.doubles()[2 * i + 1] = -rnd.nextDouble();
                } else {
                    original.setLong(i, rnd.nextInt(4) - (t.isUnsigned() ? 0 : 2));
                }
            }
            Path file = dir.resolve(t + ".pb");
            OnnxTensors.write(original, "named_" + t, file);
            OnnxTensors.NamedTensor back = OnnxTensors.readNamed(file);
            assertEquals("named_" + t, back.name());
            assertEquals(t, back.tensor().dtype());
            assertArrayEquals(new long[] {3, 5}, back.tensor().shape());
            Object expected = original.array();
            Object actual = back.tensor().array();
            assertEquals(Array.getLength(expected), Array.getLength(actual), t.toString());
            for (int i = 0; i < Array.getLength(expected); i++) {
                assertEquals(Array.get(expected, i), Array.get(actual, i), t + " slot " + i);
            }
            assertArrayEquals(original.shape(), OnnxTensors.read(file).shape());
        }
    }

    @Test
    void nonTensorBytesAreRefused() throws Exception {
        Path file = Files.write(dir.resolve("junk.pb"), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxTensors.read(file));
        assertTrue(e.getMessage().contains("junk.pb"), e.getMessage());
    }
}
