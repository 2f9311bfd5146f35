package io.orpheus.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.orpheus.api.ModelLoadException;
import io.orpheus.api.Tensor;
import io.orpheus.api.model.ImportLimits;
import io.orpheus.onnx.proto.Onnx.TensorProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Single serialized tensors ({@code TensorProto} files, as ONNX's test data sets hold them),
 * decoded exactly as model initializers are.
 */
public final class OnnxTensors {

    /** A tensor with the name its file gives it ("" when none). */
    public record NamedTensor(String name, Tensor tensor) {
    }

    private OnnxTensors() {
    }

    /** Reads a serialized {@code TensorProto}; external data is resolved next to the file. */
    public static Tensor read(Path pbFile) {
        return readNamed(pbFile).tensor();
    }

    public static NamedTensor readNamed(Path pbFile) {
        return readNamed(pbFile, ImportLimits.DEFAULT);
    }

    public static NamedTensor readNamed(Path pbFile, ImportLimits limits) {
        String source = pbFile.toString();
        byte[] bytes;
        try {
            long size = Files.size(pbFile);
            if (size > limits.maxModelBytes()) {
                throw new ModelLoadException(source, "", "file of " + size + " bytes exceeds the limit of "
                        + limits.maxModelBytes() + " bytes (limit maxModelBytes)");
            }
            bytes = Files.readAllBytes(pbFile);
        } catch (IOException e) {
            throw new ModelLoadException(source, "", "cannot read the tensor file: " + e, e);
        }
        return fromBytes(bytes, source, pbFile.toAbsolutePath().getParent(), limits);
    }

    /** Decodes a serialized {@code TensorProto}; {@code baseDirOrNull} resolves external data (null refuses it). */
    public static NamedTensor fromBytes(byte[] bytes, String source, Path baseDirOrNull, ImportLimits limits) {
        TensorProto proto;
        try {
            // raw_data views the bytes instead of copying them (protobuf aliases only a buffer it may assume immutable)
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
            in.enableAliasing(true);
            in.setSizeLimit(Math.max(bytes.length, 1));
            proto = TensorProto.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelLoadException(source, "", "not an ONNX tensor (protobuf parse failed: " + e.getMessage()
                    + ")", e);
        } catch (IOException e) {
            throw new ModelLoadException(source, "", "cannot read the tensor: " + e, e);
        }
        ImportContext ctx = new ImportContext(source, baseDirOrNull, limits, bytes.length);
        String element = "tensor '" + proto.getName() + "'";
        return new NamedTensor(proto.getName(), TensorDecoder.decode(proto, element, ctx));
    }

    /** Encodes a tensor as a serialized {@code TensorProto} (raw_data little-endian; strings in string_data). */
    public static byte[] toBytes(Tensor t, String name) {
        return TensorEncoder.encode(t, name).toByteArray();
    }

    public static void write(Tensor t, String name, Path file) {
        try {
            Files.write(file, toBytes(t, name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
