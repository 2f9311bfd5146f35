package io.orpheus.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.onnx.OnnxTensors;
import io.orpheus.shell.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-shot command line (bin/orpheus COMMAND ...): old CLI syntax, exit statuses, one-line errors. */
class OneShotTest {

    @TempDir
    static Path dir;

    static TestContainer container;
    static Path reluModel;
    static Path customOpModel;

    /** What one command line printed and returned. */
    record Result(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Result cli(String... args) {
        return cli(container, args);
    }

    static Result cli(TestContainer c, String... args) {
        Fixtures.Capture out = new Fixtures.Capture();
        Fixtures.Capture err = new Fixtures.Capture();
        int status;
        try (ShellCommands commands = new ShellCommands(c)) {
            status = new OneShot(commands).execute(List.of(args), out.stream, err.stream);
        }
        return new Result(status, out.text(), err.text());
    }

    /** A usage or runtime error: the status, and exactly one line on stderr, with no stack trace. */
    static void assertOneLineError(Result r, int status, String fragment) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("orpheus: "), r.err());
        assertTrue(r.err().contains(fragment), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @BeforeAll
    static void setUp() {
        container = TestContainer.embedded();
        reluModel = Fixtures.reluModel(dir);
        customOpModel = Fixtures.customOpModel(dir);
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
        List<String> lines = r.out().lines().toList();
        assertEquals("y/relu:0: FLOAT [2,3] min=0.00000 max=6.00000 mean=2.00000 -> y_relu_0.npy, y_relu_0.pb",
                lines.get(0), r.out());
        assertEquals("z: FLOAT [2,3] min=-6.00000 max=5.00000 mean=-0.500000 -> z.npy, z.pb", lines.get(1), r.out());
        assertTrue(lines.get(2).matches("ran in \\d+\\.\\d{3} ms on 1 thread\\(s\\); outputs in .*out-given"), r.out());
        assertEquals(3, lines.size(), r.out());
    }

    @Test
    void runAcceptsTensorProtoInputsAndNoOutputDirectory() throws IOException {
        Path in = dir.resolve("x.pb");
        OnnxTensors.write(Tensor.of(new float[] {1, -1, 0}, 1, 3), "x", in);
        Path out = dir.resolve("out-pb");
        Result r = cli("run", reluModel.toString(), "--input", "x=" + in, "--output", out.toString());
        assertEquals(0, r.status(), r.toString());
        assertArrayEquals(new float[] {1, 0, 0}, Npy.read(out.resolve("y_relu_0.npy")).floats());
        Result summaryOnly = cli("run", reluModel.toString(), "--input=x=" + in, "--threads", "2");
        assertEquals(0, summaryOnly.status(), summaryOnly.toString());
        assertTrue(summaryOnly.out().contains("y/relu:0: FLOAT [1,3] min=0.00000 max=1.00000"), summaryOnly.out());
        assertTrue(summaryOnly.out().contains("on 2 thread(s)") && !summaryOnly.out().contains("->"), summaryOnly.out());
    }

    @Test
    void runWithoutInputsGeneratesThemDeterministically() throws IOException {
        Result a = cli("run", reluModel.toString(), "--output", dir.resolve("gen-a").toString());
        Result b = cli("run", reluModel.toString(), "--output", dir.resolve("gen-b").toString(), "--threads", "2");
        Result c = cli("run", reluModel.toString(), "--output", dir.resolve("gen-c").toString(), "--seed", "5");
        assertEquals(0, a.status(), a.toString());
        assertEquals("no --input given: generated x FLOAT [1,3] (random, seed 0); declared [N,3], unknown dims set to 1",
                a.out().lines().findFirst().orElseThrow(), a.out());
        Tensor ya = Npy.read(dir.resolve("gen-a/z.npy"));
        assertArrayEquals(new long[] {1, 3}, ya.shape());
        assertArrayEquals(ya.floats(), Npy.read(dir.resolve("gen-b/z.npy")).floats());
        assertFalse(java.util.Arrays.equals(ya.floats(), Npy.read(dir.resolve("gen-c/z.npy")).floats()));
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
        assertOneLineError(cli("run", reluModel.toString(), "--threads", "0"), 1, "--threads must be at least 1");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertOneLineError(cli("run"), 2, "run needs MODEL");
        assertOneLineError(cli("frobnicate"), 2, "unknown command 'frobnicate'");
        assertOneLineError(cli("run", reluModel.toString(), "--output", "o", "--threads", "many"), 2, "many");
        assertOneLineError(cli("run", reluModel.toString(), "--outptu", "o"), 2, "unknown option '--outptu'");
        assertOneLineError(cli("run", reluModel.toString(), "--output"), 2, "--output needs a value");
        assertOneLineError(cli("zoo", "resnet18"), 2, "NAME and FILE");
        assertOneLineError(cli("info", "a", "b"), 2, "extra 'b'");
        assertOneLineError(cli("conformance", "reference", "--backend", "reference"), 2, "once");
        Result none = cli();
        assertEquals(2, none.status());
        assertTrue(none.out().startsWith("usage: orpheus"), none.out());
    }

    @Test
    void helpListsEveryCommandAndTheirArguments() {
        Result all = cli("help");
        assertEquals(0, all.status(), all.toString());
        for (String c : List.of("run", "info", "plan", "passes", "conformance", "backends", "impls", "diag", "zoo",
                "load", "models", "select", "unload")) {
            assertTrue(all.out().contains("\n  " + c + " "), c + " in " + all.out());
        }
        Result run = cli("run", "--help");
        assertTrue(run.out().startsWith("usage: orpheus run MODEL [--input NAME=FILE ...]"), run.out());
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
        List<String> lines = r.out().lines().toList();
        assertEquals("model:     " + reluModel, lines.get(0));
        assertEquals("format:    onnx, IR version 8", lines.get(1));
        assertEquals("producer:  shell-test 1.0", lines.get(2));
        assertEquals("opsets:    ai.onnx=13", lines.get(3));
        assertEquals(List.of("inputs:", "  x: FLOAT [N,3]", "outputs:"), lines.subList(4, 7));
        assertTrue(r.out().matches("(?s).*\n  Relu\\s+1\n.*"), r.out());
        assertEquals("unsupported nodes: none", lines.getLast());
    }

    @Test
    void infoListsUnsupportedNodesInsteadOfFailing() {
        Result r = cli("info", customOpModel.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("unsupported nodes: 1"), r.out());
        assertTrue(r.out().contains("frob1") && r.out().contains("com.example:Frobnicate"), r.out());
        assertOneLineError(cli("info", dir.resolve("nothing.onnx").toString()), 1, "no such file");
    }

    @Test
    void planShowsTheChosenImplementationPerNodeAndCounts() {
        Result r = cli("plan", reluModel.toString(), "--backend", "reference");
        assertEquals(0, r.status(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.getFirst().matches("node\\s+op\\s+implementation\\s+why"), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("relu1\\s+Relu\\s+reference\\.relu\\s+.+")), r.out());
        assertTrue(lines.contains("nodes per operator (imported -> planned, after passes):"), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("Relu\\s+1\\s+1")), r.out());
        assertTrue(lines.getLast().matches("total\\s+2\\s+2"), r.out());
        assertOneLineError(cli("plan", customOpModel.toString()), 1, "Frobnicate");
        Result noPasses = cli("plan", reluModel.toString(), "--passes", "none");
        assertEquals(0, noPasses.status(), noPasses.toString());
        assertTrue(noPasses.out().lines().toList().getLast().matches("total\\s+2\\s+2"), noPasses.out());
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
        Path file = dir.resolve("nested/wrn.onnx");
        Result w = cli("zoo", "wrn_40_2", file.toString(), "--seed", "3");
        assertEquals(0, w.status(), w.toString());
        assertTrue(w.out().startsWith("wrote wrn_40_2 (seed 3) to " + file + " ("), w.out());
        assertTrue(Files.isRegularFile(file));
        Result info = cli("info", file.toString());
        assertTrue(info.out().contains("Conv") && info.out().contains("unsupported nodes: none"), info.out());
        assertOneLineError(cli("zoo", "alexnet", dir.resolve("a.onnx").toString()), 1, "no zoo network 'alexnet'");
        assertOneLineError(cli("zoo", "--list", "resnet18"), 2, "no NAME or FILE");
    }
}
