package io.orpheus.shell;

import io.orpheus.api.backend.Backend;
import io.orpheus.container.OrpheusContainer;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What the launcher calls for {@code bin/orpheus COMMAND ...}. The launcher lives outside the
 * framework and shares no classes with this bundle, so it finds this service by class name and calls
 * {@link #execute} reflectively; the signature holds only JDK types.
 */
@Component(service = OneShotService.class)
public final class OneShotService {

    /** How long a command waits for the backends present to be admitted (or rejected). */
    static final long READY_TIMEOUT_MILLIS = Long.getLong("orpheus.ready.timeout.seconds", 120) * 1000;

    private final OrpheusContainer container;
    private final BundleContext context;

    @Activate
    public OneShotService(@Reference OrpheusContainer container, BundleContext context) {
        this.container = container;
        this.context = context;
    }

    /**
     * Waits for the backends present to leave admission, then runs one command line.
     *
     * @return the exit status: 0 ok, 1 failure, 2 usage
     */
    public int execute(String[] args, PrintStream out, PrintStream err) {
        try {
            Readiness.await(container, this::registeredBackendIds, READY_TIMEOUT_MILLIS);
        } catch (ShellException e) {
            err.println("orpheus: " + e.getMessage());
            return OneShot.EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("orpheus: interrupted while waiting for backends");
            return OneShot.EXIT_FAILURE;
        }
        try (ShellCommands commands = new ShellCommands(container)) {
            return new OneShot(commands).execute(Arrays.asList(args), out, err);
        }
    }

    private Set<String> registeredBackendIds() {
        Set<String> ids = new LinkedHashSet<>();
        try {
            for (ServiceReference<Backend> ref : context.getServiceReferences(Backend.class, null)) {
                Object id = ref.getProperty(Backend.PROP_ID);
                if (id != null) {
                    ids.add(id.toString());
                    continue;
                }
                Backend b = context.getService(ref);
                if (b != null) {
                    try {
                        ids.add(b.id());
                    } finally {
                        context.ungetService(ref);
                    }
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }
}
