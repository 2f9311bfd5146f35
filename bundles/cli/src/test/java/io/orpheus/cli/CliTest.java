package io.orpheus.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.cli.io.Npy;
import io.orpheus.onnx.OnnxModelWriter;
import io.orpheus.onnx.OnnxTensors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    static Path dir;

    static Path reluModel;
    static Path customOpModel;

    /** What one command line printed and returned. */
    record Result(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = OrpheusCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    /** A usage or runtime error: the status, and exactly one line on stderr, with no stack trace. */
    static void assertOneLineError(Result r, int status, String fragment) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("orpheus: "), r.err());
        assertTrue(r.err().contains(fragment), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    static Model model(String name, Graph g) {
        return new Model(name, 8, Map.of("", 13L), "cli-test", "1.0", 1, "", Map.of(), g, List.of());
    }

    @BeforeAll
    static void writeModels() {
        ValueInfo x = new ValueInfo("x", DataType.FLOAT, List.of(Dim.symbolic("N"), Dim.of(3)), "");
        Graph relu = Graph.builder().name("relu")
                .addInput(x)
                .addOutput(ValueInfo.unknown("y/relu:0"))
                .addOutput(ValueInfo.unknown("z"))
                .addNode(Node.of("relu1", "Relu", List.of("x"), List.of("y/relu:0")))
                .addNode(Node.of("neg1", "Neg", List.of("x"), List.of("z")))
                .build();
        reluModel = dir.resolve("relu.onnx");
        OnnxModelWriter.write(model("relu", relu), reluModel);
        Graph custom = Graph.builder().name("custom")
                .addInput(ValueInfo.of("x", DataType.FLOAT, 2))
                .addOutput(ValueInfo.unknown("y"))
                .addNode(new Node("frob1", "Frobnicate", "com.example", List.of("x"), List.of("y"), Map.of(), ""))
                .build();
        customOpModel = dir.resolve("custom.onnx");
        OnnxModelWriter.write(new Model("custom", 8, Map.of("", 13L, "com.example", 1L), "cli-test", "", 1, "",
                Map.of(), custom, List.of()), customOpModel);
    }

    @Test
    void runWithGivenNpyInputWritesEveryOutputWithSanitisedNames() throws IOException {
        Path in = dir.resolve("x.npy");
        Npy.write(in, Tensor.of(new float[] {-1, 2, -3, 4, -5, 6}, 2, 3));
        Path out = dir.resolve("out-given");
        Result r = cli("run", reluModel.toString(), "--input", "x=" + in, "--output", out.toString(), "--pb");
        assertEquals(0, r.status(), r.toString());
        Tensor y = Npy.read(out.resolve("y_relu_0.npy"));
        assertArrayEquals(new long[] {2, 3}, y.shape());
        assertArrayEquals(new float[] {0, 2, 0, 4, 0, 6}, y.floats());
        assertArrayEquals(new float[] {1, -2, 3, -4, 5, -6}, Npy.read(out.resolve("z.npy")).floats());
        assertArrayEquals(y.floats(), OnnxTensors.read(out.resolve("y_relu_0.pb")).floats());
        assertTrue(r.out().contains("y/relu:0: FLOAT [2,3] min=0.00000 max=6.00000 mean=2.00000"), r.out());
        assertTrue(r.out().contains("ran in "), r.out());
    }

    @Test
    void runAcceptsTensorProtoInputs() throws IOException {
        Path in = dir.resolve("x.pb");
        OnnxTensors.write(Tensor.of(new float[] {1, -1, 0}, 1, 3), "x", in);
        Path out = dir.resolve("out-pb");
        Result r = cli("run", reluModel.toString(), "--input", "x=" + in, "--output", out.toString());
        assertEquals(0, r.status(), r.toString());
        assertArrayEquals(new float[] {1, 0, 0}, Npy.read(out.resolve("y_relu_0.npy")).floats());
    }

    @Test
    void runWithoutInputsGeneratesThemDeterministically() throws IOException {
        Result a = cli("run", reluModel.toString(), "--output", dir.resolve("gen-a").toString());
        Result b = cli("run", reluModel.toString(), "--output", dir.resolve("gen-b").toString(), "--threads", "2");
        assertEquals(0, a.status(), a.toString());
        assertTrue(a.out().contains("generated x FLOAT [1,3]") && a.out().contains("unknown dims set to 1"), a.out());
        Tensor ya = Npy.read(dir.resolve("gen-a/z.npy"));
        assertArrayEquals(new long[] {1, 3}, ya.shape());
        assertArrayEquals(ya.floats(), Npy.read(dir.resolve("gen-b/z.npy")).floats());
    }

    @Test
    void runErrorsAreOneLineWithExitStatus() throws IOException {
        String out = dir.resolve("err-out").toString();
        assertOneLineError(cli("run", dir.resolve("missing.onnx").toString(), "--output", out), 1, "missing.onnx");
        assertOneLineError(cli("run", reluModel.toString(), "--input", "q=" + dir.resolve("x.npy"), "--output", out),
                1, "no input 'q' (inputs: x)");
        assertOneLineError(cli("run", reluModel.toString(), "--input", "x=" + dir.resolve("nope.npy"), "--output", out),
                1, "no such file");
        Path bad = dir.resolve("bad.npy");
        Files.writeString(bad, "this is not numpy");
        assertOneLineError(cli("run", reluModel.toString(), "--input", "x=" + bad, "--output", out), 1, "not a .npy file");
        Path wrongShape = dir.resolve("wrong-shape.npy");
        Npy.write(wrongShape, Tensor.of(new float[] {1, 2}, 2));
        assertOneLineError(cli("run", reluModel.toString(), "--input", "x=" + wrongShape, "--output", out), 1, "x");
        assertOneLineError(cli("run", reluModel.toString(), "--impl", "Conv=x.y", "--output", out), 1, "'Conv'");
        assertOneLineError(cli("run", reluModel.toString(), "--backend", "warp-drive", "--output", out), 1, "warp-drive");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertOneLineError(cli("run", reluModel.toString()), 2, "--output");
        assertOneLineError(cli("frobnicate"), 2, "frobnicate");
        assertOneLineError(cli("run", reluModel.toString(), "--output", "o", "--threads", "many"), 2, "many");
        assertOneLineError(cli("zoo", "resnet18"), 2, "NAME and FILE");
    }

    @Test
    void debugPrintsTheStackTrace() {
        Result r = cli("--debug", "run", dir.resolve("missing.onnx").toString(), "--output", "o");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("orpheus: ") && r.err().contains("\tat "), r.err());
    }

    @Test
    void infoDescribesModelIncludingSymbolicDims() {
        Result r = cli("info", reluModel.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("IR version 8"), r.out());
        assertTrue(r.out().contains("producer:  cli-test 1.0"), r.out());
        assertTrue(r.out().contains("opsets:    ai.onnx=13"), r.out());
        assertTrue(r.out().contains("x: FLOAT [N,3]"), r.out());
        assertTrue(r.out().matches("(?s).*Relu\\s+1.*"), r.out());
        assertTrue(r.out().contains("unsupported nodes: none"), r.out());
    }

    @Test
    void infoListsUnsupportedNodesInsteadOfFailing() {
        Result r = cli("info", customOpModel.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("unsupported nodes: 1"), r.out());
        assertTrue(r.out().contains("frob1"), r.out());
        assertTrue(r.out().contains("com.example:Frobnicate"), r.out());
    }

    @Test
    void planShowsTheChosenImplementationPerNode() {
        Result r = cli("plan", reluModel.toString(), "--backend", "reference");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("relu1") && r.out().contains("reference.relu"), r.out());
        assertOneLineError(cli("plan", customOpModel.toString()), 1, "Frobnicate");
    }

    @Test
    void implementationsCanBeForcedPerOperatorAndPerNode() {
        Result r = cli("plan", reluModel.toString(), "--impl", "Relu=reference.relu", "--impl", "neg1=reference.neg",
                "--threads", "1");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("reference.relu") && r.out().contains("reference.neg"), r.out());
        assertOneLineError(cli("plan", reluModel.toString(), "--impl", "Relu"), 1, "OP_OR_NODE=IMPL");
    }

    @Test
    void zooListsAndWritesNetworks() {
        Result list = cli("zoo", "--list");
        assertEquals(0, list.status(), list.toString());
        assertTrue(list.out().lines().toList().contains("resnet18"), list.out());
        Path file = dir.resolve("wrn.onnx");
        Result w = cli("zoo", "wrn_40_2", file.toString(), "--seed", "3");
        assertEquals(0, w.status(), w.toString());
        assertTrue(Files.isRegularFile(file));
        Result info = cli("info", file.toString());
        assertTrue(info.out().contains("Conv") && info.out().contains("unsupported nodes: none"), info.out());
        assertOneLineError(cli("zoo", "alexnet", dir.resolve("a.onnx").toString()), 1, "alexnet");
    }
}
