package io.orpheus.containertests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import io.orpheus.container.OrpheusContainer;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The running container (every Orpheus bundle, the shell, SCR, Config Admin, File Install, Gogo)
 * listens on no TCP port and has no bound UDP socket: the JVM's socket inodes (from /proc/self/fd)
 * appear in no LISTEN entry of /proc/net/tcp, tcp6, udp or udp6. The distribution as shipped is
 * checked the same way by {@link DistributionListensNowhereTest}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NoListeningSocketTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return ContainerOptions.container();
    }

    @Test(timeout = 120_000)
    public void theRunningContainerListensOnNoPort() throws Exception {
        if (!ProcessStats.available()) {
            System.out.println("no /proc here (not Linux): listening sockets not checked");
        }
        assumeTrue("no /proc", ProcessStats.available());
        OrpheusContainer c = Await.service(context, OrpheusContainer.class, Duration.ofSeconds(30));
        Await.until(Duration.ofSeconds(60), "the reference backend admitted",
                () -> c.backend("reference") != null, () -> String.valueOf(c.backends()));
        for (Bundle b : context.getBundles()) {
            assertEquals(b.getSymbolicName() + " is not active", Bundle.ACTIVE, b.getState());
        }
        List<String> listening = ProcessStats.listeningSockets("self");
        System.out.println("listening sockets of the container JVM: " + listening + " (of "
                + ProcessStats.socketInodes("self").size() + " sockets open)");
        assertEquals("the container JVM listens on " + listening, List.of(), listening);
    }
}
