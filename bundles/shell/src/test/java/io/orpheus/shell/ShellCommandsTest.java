package io.orpheus.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.api.pass.PassContext;
import io.orpheus.container.AdmissionPolicy;
import io.orpheus.container.BackendStatus;
import io.orpheus.runtime.Orpheus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's commands with a kept model registry: backends, impls, passes, load/models/select/unload. */
class ShellCommandsTest {

    @TempDir
    Path dir;

    /** Removes Identity nodes, renaming their output to their input downstream. */
    static final class DropIdentity implements GraphPass {
        @Override
        public String name() {
            return "drop-identity";
        }

        @Override
        public int order() {
            return 10;
        }

        @Override
        public String description() {
            return "removes Identity nodes";
        }

        @Override
        public Graph apply(Graph graph, PassContext ctx) {
            Map<String, String> renamed = new HashMap<>();
            Graph.Builder b = graph.toBuilder();
            b.nodes().clear();
            Set<String> outputs = new java.util.HashSet<>();
            graph.outputs().forEach(v -> outputs.add(v.name()));
            for (Node n : graph.nodes()) {
                if (n.opType().equals("Identity") && !outputs.contains(n.output(0))) {
                    renamed.put(n.output(0), renamed.getOrDefault(n.input(0), n.input(0)));
                    ctx.report("removed Identity " + n.name());
                    continue;
                }
                b.addNode(n.withIO(n.inputs().stream().map(i -> renamed.getOrDefault(i, i)).toList(), n.outputs()));
            }
            return renamed.isEmpty() ? graph : b.build();
        }
    }

    private static String run(ThrowingCommand c) throws Exception {
        Fixtures.Capture out = new Fixtures.Capture();
        c.run(out);
        return out.text();
    }

    @FunctionalInterface
    interface ThrowingCommand {
        void run(Fixtures.Capture out) throws Exception;
    }

    @Test
    void backendsListsIdVersionStateRankingReason() throws Exception {
        TestContainer c = TestContainer.embedded().state("reference", BackendStatus.State.PARTIAL,
                "2 of 40 implementations failed\nsee conformance");
        ShellCommands shell = new ShellCommands(c);
        List<String> lines = run(out -> shell.backends(out.stream)).lines().toList();
        assertTrue(lines.getFirst().matches("id\\s+version\\s+state\\s+ranking\\s+reason"), lines.toString());
        assertTrue(lines.get(1).matches("reference\\s+\\S+\\s+partial\\s+0\\s+2 of 40 implementations failed; see conformance"),
                lines.toString());
        assertEquals("admission policy: quick tier, no backend trusted without tests", lines.getLast());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("WARNING")), lines.toString());
    }

    @Test
    void backendsWarnsLoudlyWhenThePolicyTrustsABackend() throws Exception {
        TestContainer c = TestContainer.embedded().policy(new AdmissionPolicy("full", Set.of("dnnl")))
                .state("reference", BackendStatus.State.TRUSTED, "trusted by policy");
        List<String> lines = run(out -> new ShellCommands(c).backends(out.stream)).lines().toList();
        assertTrue(lines.getFirst().startsWith("WARNING: the admission policy TRUSTS dnnl WITHOUT CONFORMANCE TESTS"),
                lines.toString());
        assertTrue(lines.get(2).matches("reference\\s+\\S+\\s+trusted\\s+0\\s+trusted by policy"), lines.toString());
        assertEquals("admission policy: full tier, trusted without tests: dnnl", lines.getLast());
    }

    @Test
    void implsSaysWhichAreAdmittedAndWhyNot() throws Exception {
        TestContainer c = TestContainer.embedded();
        c.orpheus().setAdmissionGate((b, i) -> i.name().equals("reference.neg") ? "failed conformance case gen-neg-3" : null);
        ShellCommands shell = new ShellCommands(c);
        List<String> neg = run(out -> shell.impls(out.stream, "Neg")).lines().toList();
        assertTrue(neg.getFirst().matches("op\\s+implementation\\s+backend\\s+priority\\s+status"), neg.toString());
        assertEquals(2, neg.size(), neg.toString());
        assertTrue(neg.get(1).matches("Neg\\s+reference\\.neg\\s+reference\\s+0\\s+not admitted: failed conformance case gen-neg-3"),
                neg.toString());
        List<String> relu = run(out -> shell.impls(out.stream, "Relu")).lines().toList();
        assertTrue(relu.get(1).matches("Relu\\s+reference\\.relu\\s+reference\\s+0\\s+admitted"), relu.toString());
        String all = run(out -> shell.impls(out.stream, null));
        assertTrue(all.contains("reference.conv") && all.contains("reference.neg"), all);
        assertEquals("no implementation of Frobnicate\n", run(out -> shell.impls(out.stream, "Frobnicate")));
    }

    @Test
    void passesListsThemAndSaysWhatEachChangedInAModel() throws Exception {
        Orpheus o = Orpheus.builder().serviceLoader(true).addPass(new DropIdentity()).build();
        ShellCommands shell = new ShellCommands(new TestContainer(o));
        List<String> list = run(out -> shell.passes(out.stream, null)).lines().toList();
        assertTrue(list.getFirst().matches("pass\\s+order\\s+requires\\s+description"), list.toString());
        assertTrue(list.stream().anyMatch(l -> l.matches("drop-identity\\s+10\\s+-\\s+removes Identity nodes")), list.toString());
        Path model = Fixtures.identityModel(dir);
        String changed = run(out -> shell.passes(out.stream, model.toString()));
        assertEquals("ident: every Identity node now runs on reference.identity (future runs; 'plan ident' shows it)\n"
                + "note: after the graph passes ident has no Identity node (fused or removed), so the choice has no effect "
                + "unless those passes are off\n", run(out -> shell.select(out.stream, "ident", "Identity", "reference.identity")));
        ShellException removedNode = assertThrows(ShellException.class,
                () -> shell.select(System.out, "ident", "id1", "reference.identity"));
        assertTrue(removedNode.getMessage().startsWith("cannot select reference.identity for node id1 of ident: "),
                removedNode.getMessage());
        assertTrue(changed.contains("drop-identity (") && changed.contains("  removed Identity id1"), changed);
        assertTrue(changed.matches("(?s).*\nIdentity\\s+1\\s+0\n.*"), changed);
        String plan = run(out -> shell.plan(out.stream, "ident", null, List.of(), List.of(), null));
        assertTrue(plan.matches("(?s).*\nIdentity\\s+1\\s+0\n.*") && plan.matches("(?s).*\ntotal\\s+2\\s+1\n"), plan);
        String unoptimised = run(out -> shell.plan(out.stream, "ident", null, List.of(), List.of(), "none"));
        assertTrue(unoptimised.matches("(?s).*\nIdentity\\s+1\\s+1\n.*") && unoptimised.matches("(?s).*\ntotal\\s+2\\s+2\n"),
                unoptimised);
    }

    @Test
    void loadKeepsModelsByNameAndSelectChangesLaterRuns() throws Exception {
        ShellCommands shell = new ShellCommands(TestContainer.embedded());
        Path file = Fixtures.reluModel(dir);
        String loaded = run(out -> shell.load(out.stream, file, null));
        assertEquals("loaded relu from " + file.toAbsolutePath() + ": 2 nodes; inputs x: FLOAT [N,3]\n", loaded);
        run(out -> shell.load(out.stream, file, "second"));
        List<String> models = run(out -> shell.models(out.stream)).lines().toList();
        assertTrue(models.get(1).matches("relu\\s+2\\s+\\Q" + file.toAbsolutePath() + "\\E"), models.toString());
        assertTrue(models.get(2).startsWith("second"), models.toString());

        assertEquals("relu: every Relu node now runs on reference.relu (future runs; 'plan relu' shows it)\n",
                run(out -> shell.select(out.stream, "relu", "Relu", "reference.relu")));
        String plan = run(out -> shell.plan(out.stream, "relu", null, List.of(), List.of(), null));
        assertTrue(plan.lines().anyMatch(l -> l.matches("relu1\\s+Relu\\s+reference\\.relu\\s+.*forced.*")), plan);
        assertTrue(run(out -> shell.models(out.stream)).contains("implByOp={Relu=reference.relu}"));
        assertEquals("relu: node neg1 is planned automatically again\n",
                run(out -> shell.select(out.stream, "relu", "neg1", "auto")));

        ShellException wrongOp = assertThrows(ShellException.class,
                () -> shell.select(System.out, "relu", "neg1", "reference.relu"));
        assertEquals("reference.relu implements Relu, not Neg", wrongOp.toString());
        assertThrows(ShellException.class, () -> shell.select(System.out, "relu", "Conv", "reference.conv"));
        assertThrows(ShellException.class, () -> shell.select(System.out, "relu", "Relu", "warp.relu"));

        assertEquals("unloaded second\n", run(out -> shell.unload(out.stream, "second")));
        ShellException gone = assertThrows(ShellException.class, () -> shell.unload(System.out, "second"));
        assertEquals("no model 'second' is loaded (loaded: relu)", gone.getMessage());
        ShellException unknown = assertThrows(ShellException.class, () -> shell.info(System.out, "nothing-here"));
        assertTrue(unknown.getMessage().startsWith("no model 'nothing-here': neither a loaded model (loaded: relu)"),
                unknown.getMessage());
        shell.close();
    }

    @Test
    void runByNameUsesTheKeptSession() throws Exception {
        ShellCommands shell = new ShellCommands(TestContainer.embedded());
        run(out -> shell.load(out.stream, Fixtures.reluModel(dir), "m"));
        String first = run(out -> shell.run(out.stream, "m", List.of(), null, false, 1, null, List.of(), List.of(), null));
        String again = run(out -> shell.run(out.stream, "m", List.of(), null, false, 1, null, List.of(), List.of(), null));
        assertTrue(first.startsWith("no --input given: generated x FLOAT [1,3] (random, seed 1)"), first);
        assertEquals(first.lines().limit(3).toList(), again.lines().limit(3).toList());
        IOException noFile = assertThrows(IOException.class, () -> shell.run(System.out, "m",
                List.of("x=" + dir.resolve("absent.npy")), null, false, 0, null, List.of(), List.of(), null));
        assertEquals("no such file: " + dir.resolve("absent.npy"), Errors.message(noFile));
    }
}
