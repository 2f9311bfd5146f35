package io.orpheus.shell.io;

import io.orpheus.api.Tensor;
import io.orpheus.onnx.OnnxTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Reads an input tensor by its file's extension: {@code .npy} or an ONNX {@code TensorProto} {@code .pb}. */
public final class TensorFiles {

    private TensorFiles() {
    }

    public static Tensor read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return Npy.read(file);
        }
        if (name.endsWith(".pb")) {
            return OnnxTensors.read(file);
        }
        throw new IllegalArgumentException(file + ": unknown tensor file type (use .npy or an ONNX TensorProto .pb)");
    }
}
