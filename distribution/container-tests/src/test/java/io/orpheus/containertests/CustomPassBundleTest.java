package io.orpheus.containertests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.pass.GraphPass;
import io.orpheus.container.OrpheusContainer;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.PassReport;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * A user's pass bundle joins the pipeline by its declared order: with the Swish operator bundle
 * present, the example pass bundle dropped into deploy/ makes new sessions of x * Sigmoid(x) run one
 * com.example:Swish node on the Swish kernel, with the same output as without passes; deleting the
 * jar takes the pass out, and new sessions keep Sigmoid and Mul.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CustomPassBundleTest {

    private static final String CUSTOM_PASS = "orpheus-example-custom-pass";
    private static final String CUSTOM_PASS_BSN = "com.example.orpheus.fuseswish";
    private static final String FUSE_SWISH = "fuse-swish";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return ContainerOptions.container();
    }

    @Test(timeout = 240_000)
    public void droppedPassBundleJoinsThePipelineByItsOrderAndLeavesWhenDeleted() throws Exception {
        OrpheusContainer c = Await.service(context, OrpheusContainer.class, Duration.ofSeconds(30));
        Orpheus orpheus = c.orpheus();
        CustomOperatorBundleTest.deployCustomOperator(context, c);
        OrpheusModel model = orpheus.load(SwishModels.sigmoidTimesInput());
        float[] x = SwishModels.input(5);
        float[] unoptimised;
        try (Session off = model.newSession(SessionOptions.defaults().passes("none"))) {
            unoptimised = off.run(SwishModels.inputs(x)).get("y").floats();
        }
        assertNull(SwishModels.mismatch(SwishModels.silu(x), unoptimised));
        assertEquals(List.of("Sigmoid", "Mul"), ops(newSessionGraph(model)));

        Path jar = Backends.deploy(CUSTOM_PASS);
        Await.until(Backends.REMOVAL, "the " + FUSE_SWISH + " pass appearing", () -> hasPass(orpheus),
                () -> "passes: " + orpheus.passes().stream().map(GraphPass::name).toList());
        GraphPass pass = orpheus.passes().stream().filter(p -> p.name().equals(FUSE_SWISH)).findFirst().orElseThrow();
        assertEquals(505, pass.order());

        PassReport report = model.optimize(SessionOptions.defaults());
        List<String> pipeline = report.passes().stream().map(PassReport.PassStep::name).toList();
        int at = pipeline.indexOf(FUSE_SWISH);
        assertTrue("pipeline: " + pipeline, at > 0 && pipeline.get(at - 1).equals("fuse-residual")
                && pipeline.get(at + 1).equals("fuse-activation"));
        assertEquals(1, report.passes().get(at).changes().size());

        try (Session s = model.newSession(SessionOptions.defaults())) {
            assertEquals(List.of("com.example:Swish"), ops(s.graph()));
            assertEquals(List.of("swish.swish"), TinyModel.implementations(s.plan()));
            float[] fused = s.run(SwishModels.inputs(x)).get("y").floats();
            assertNull(SwishModels.mismatch(unoptimised, fused));
        }

        Files.delete(jar);
        Await.until(Backends.REMOVAL, "File Install uninstalling the pass bundle",
                () -> Backends.bundle(context, CUSTOM_PASS_BSN) == null, () -> "still installed");
        Await.until(Backends.REMOVAL, "the " + FUSE_SWISH + " pass disappearing", () -> !hasPass(orpheus),
                () -> "passes: " + orpheus.passes().stream().map(GraphPass::name).toList());
        assertEquals(List.of("Sigmoid", "Mul"), ops(newSessionGraph(model)));
    }

    private static boolean hasPass(Orpheus orpheus) {
        return orpheus.passes().stream().anyMatch(p -> p.name().equals(FUSE_SWISH));
    }

    private static Graph newSessionGraph(OrpheusModel model) {
        try (Session s = model.newSession(SessionOptions.defaults())) {
            return s.graph();
        }
    }

    private static List<String> ops(Graph g) {
        return g.nodes().stream().map(Node::qualifiedOp).toList();
    }
}
