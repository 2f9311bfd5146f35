package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.op.OperatorSet;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.backend.reference.ReferenceBackend;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.PassReport;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import io.orpheus.zoo.Zoo;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The passes as the runtime discovers and runs them: sessions with passes on and off agree. */
class RuntimePipelineTest {

    private static final Orpheus ORPHEUS = Orpheus.embedded();

    private static long fusedNodes(Graph g) {
        return g.nodes().stream().filter(n -> n.domain().equals(FusedOperators.DOMAIN)).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "mobilenet_v1", "wrn_40_2"})
    void sessionsWithAndWithoutPassesAgree(String name) {
        OrpheusModel model = ORPHEUS.load(Zoo.build(name, 7));
        Map<String, Tensor> feeds = Map.of(Zoo.INPUT_NAME, Zoo.sampleInput(name, 7));
        try (Session on = model.newSession(); Session off = model.newSession(SessionOptions.defaults().passes("none"))) {
            ZooPassesTest.assertStructure(name, on.graph());
            assertTrue(fusedNodes(on.graph()) > 0, "the reference backend runs the fused nodes themselves");
            assertEquals(model.graph().nodes().size(), off.graph().nodes().size());
            TestGraph.assertClose(off.run(feeds), on.run(feeds), 1e-4);
        }
    }

    @Test
    void passesCanBeSwitchedOffByName() {
        OrpheusModel model = ORPHEUS.load(Zoo.build("resnet18", 7));
        PassReport report = model.optimize(SessionOptions.defaults().passes("-fuse-activation,-fuse-residual"));
        List<String> ran = report.passes().stream().map(PassReport.PassStep::name).toList();
        assertTrue(ran.contains("fold-bn") && !ran.contains("fuse-activation"), ran.toString());
        assertEquals(0, fusedNodes(report.after()));
        assertEquals(0, TestGraph.count(report.after(), "BatchNormalization"));
    }

    @Test
    void fusedNodesFallBackToTheirExpansionOnABackendWithoutThem() {
        Backend unfused = new Backend() {
            private final List<OpImplementation> impls = new ReferenceBackend().implementations().stream()
                    .filter(i -> i.domain().isEmpty()).toList();
            @Override public String id() { return "unfused"; }
            @Override public String version() { return "1"; }
            @Override public Availability availability() { return Availability.available("test backend"); }
            @Override public List<OpImplementation> implementations() { return impls; }
        };
        Orpheus.Builder b = Orpheus.builder().serviceLoader(false).addBackend(unfused);
        ServiceLoader.load(OperatorSet.class).forEach(b::addOperatorSet);
        ServiceLoader.load(GraphPass.class).forEach(b::addPass);
        Orpheus orpheus = b.build();
        OrpheusModel model = orpheus.load(Zoo.build("wrn_40_2", 3));
        Map<String, Tensor> feeds = Map.of(Zoo.INPUT_NAME, Zoo.sampleInput("wrn_40_2", 3));
        assertTrue(fusedNodes(model.optimize(SessionOptions.defaults()).after()) > 0);
        try (Session on = model.newSession(); Session off = model.newSession(SessionOptions.defaults().passes("none"))) {
            assertEquals(0, fusedNodes(on.graph()), "every fused node is expanded");
            TestGraph.assertClose(off.run(feeds), on.run(feeds), 1e-4);
        }
    }
}
