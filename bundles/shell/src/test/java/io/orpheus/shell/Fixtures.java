package io.orpheus.shell;

import io.orpheus.api.DataType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.onnx.OnnxModelWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Small models written to ONNX files, and a way to capture what a command prints. */
final class Fixtures {

    private Fixtures() {
    }

    static Model model(String name, Graph g) {
        return new Model(name, 8, Map.of("", 13L), "shell-test", "1.0", 1, "", Map.of(), g, List.of());
    }

    /** x[N,3] -> relu1 (Relu) -> "y/relu:0", and x -> neg1 (Neg) -> z. */
    static Path reluModel(Path dir) {
        ValueInfo x = new ValueInfo("x", DataType.FLOAT, List.of(Dim.symbolic("N"), Dim.of(3)), "");
        Graph relu = Graph.builder().name("relu")
                .addInput(x)
                .addOutput(ValueInfo.unknown("y/relu:0"))
                .addOutput(ValueInfo.unknown("z"))
                .addNode(Node.of("relu1", "Relu", List.of("x"), List.of("y/relu:0")))
                .addNode(Node.of("neg1", "Neg", List.of("x"), List.of("z")))
                .build();
        Path file = dir.resolve("relu.onnx");
        OnnxModelWriter.write(model("relu", relu), file);
        return file;
    }

    /** x -> id1 (Identity) -> t -> relu1 (Relu) -> y: a pass can remove the Identity. */
    static Path identityModel(Path dir) {
        Graph g = Graph.builder().name("ident")
                .addInput(ValueInfo.of("x", DataType.FLOAT, 4))
                .addOutput(ValueInfo.unknown("y"))
                .addNode(Node.of("id1", "Identity", List.of("x"), List.of("t")))
                .addNode(Node.of("relu1", "Relu", List.of("t"), List.of("y")))
                .build();
        Path file = dir.resolve("ident.onnx");
        OnnxModelWriter.write(model("ident", g), file);
        return file;
    }

    /** One node of an operator no backend implements. */
    static Path customOpModel(Path dir) {
        Graph custom = Graph.builder().name("custom")
                .addInput(ValueInfo.of("x", DataType.FLOAT, 2))
                .addOutput(ValueInfo.unknown("y"))
                .addNode(new Node("frob1", "Frobnicate", "com.example", List.of("x"), List.of("y"), Map.of(), ""))
                .build();
        Path file = dir.resolve("custom.onnx");
        OnnxModelWriter.write(new Model("custom", 8, Map.of("", 13L, "com.example", 1L), "shell-test", "", 1, "",
                Map.of(), custom, List.of()), file);
        return file;
    }

    /** Captures a stream's text. */
    static final class Capture {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            stream.flush();
            return bytes.toString(StandardCharsets.UTF_8);
        }

        List<String> lines() {
            return text().lines().toList();
        }
    }
}
