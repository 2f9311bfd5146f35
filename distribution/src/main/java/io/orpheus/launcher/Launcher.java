package io.orpheus.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts the Orpheus container: an embedded OSGi framework with every jar of {@code bundle/} and
 * fileinstall watching {@code deploy/}. Without arguments the Gogo shell runs on the terminal until
 * {@code exit}; with arguments, that one command runs through the shell bundle's one-shot service
 * (the same command code as the shell) once the backends present have been admitted, and the JVM
 * exits with its status (0 ok, 1 failure, 2 usage).
 *
 * <p>The launcher shares no classes with the bundles: it finds the one-shot service by class name
 * and calls it reflectively with JDK types only.
 */
public final class Launcher {

    static final String ONE_SHOT_SERVICE = "io.orpheus.shell.OneShotService";
    /** Gogo's terminal shell: started only for the interactive shell (it reads the terminal). */
    static final String GOGO_JLINE = "org.apache.felix.gogo.jline";
    static final int EXIT_FAILURE = 1;

    private final Path home;
    private final long timeoutMillis;

    Launcher(Path home, long timeoutMillis) {
        this.home = home;
        this.timeoutMillis = timeoutMillis;
    }

    public static void main(String[] args) {
        String homeProperty = System.getProperty("orpheus.home");
        if (homeProperty == null) {
            System.err.println("orpheus: the launcher needs -Dorpheus.home=<distribution directory> (bin/orpheus sets it)");
            System.exit(EXIT_FAILURE);
        }
        long timeout = TimeUnit.SECONDS.toMillis(Long.getLong("orpheus.ready.timeout.seconds", 120));
        int status;
        try {
            status = new Launcher(Path.of(homeProperty), timeout).launch(args);
        } catch (LaunchException e) {
            System.err.println("orpheus: " + e.getMessage());
            status = EXIT_FAILURE;
        }
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    int launch(String[] args) {
        boolean interactive = args.length == 0;
        if (!interactive) {
            // A command's output is its own: the container's progress messages (admissions) stay quiet.
            Logger.getLogger("").setLevel(Level.WARNING);
        }
        Path storage;
        try {
            storage = Files.createTempDirectory("orpheus-felix-");
            Files.createDirectories(home.resolve("deploy"));
        } catch (IOException e) {
            throw new LaunchException("cannot create the framework's cache or deploy/: " + e.getMessage());
        }
        Framework framework = newFramework(frameworkProperties(storage));
        Thread cleanup = new Thread(() -> stop(framework, storage), "orpheus-shutdown");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            framework.init();
            startBundles(framework.getBundleContext());
            framework.start();
            if (interactive) {
                startShell(framework.getBundleContext());
                framework.waitForStop(0);
                return 0;
            }
            return runOneCommand(framework.getBundleContext(), args);
        } catch (BundleException e) {
            throw new LaunchException("the container did not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_FAILURE;
        }
    }

    /** conf/config.properties with ${orpheus.home} expanded, plus a private cache directory. */
    Map<String, String> frameworkProperties(Path storage) {
        Properties p = new Properties();
        Path conf = home.resolve("conf/config.properties");
        if (Files.isRegularFile(conf)) {
            try (InputStream in = Files.newInputStream(conf)) {
                p.load(in);
            } catch (IOException e) {
                throw new LaunchException(conf + ": " + e.getMessage());
            }
        }
        Map<String, String> props = new HashMap<>();
        String homeText = home.toAbsolutePath().normalize().toString();
        for (String key : p.stringPropertyNames()) {
            props.put(key, p.getProperty(key).replace("${orpheus.home}", homeText));
        }
        props.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        return props;
    }

    private static Framework newFramework(Map<String, String> props) {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new LaunchException("no OSGi framework on the class path (lib/ lacks felix)"));
        return factory.newFramework(props);
    }

    /** Installs every jar of bundle/, then starts them all but the terminal shell. */
    private void startBundles(BundleContext context) throws BundleException {
        List<Path> jars = jars(home.resolve("bundle"));
        if (jars.isEmpty()) {
            throw new LaunchException(home.resolve("bundle") + " holds no bundles");
        }
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            installed.add(context.installBundle(jar.toUri().toString()));
        }
        List<String> failures = new ArrayList<>();
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            if (GOGO_JLINE.equals(b.getSymbolicName())) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException e) {
                failures.add(b.getSymbolicName() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            System.err.println("orpheus: some bundles did not start: " + String.join("; ", failures));
        }
    }

    private static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new LaunchException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Starts the terminal shell once the orpheus commands are registered (the container service is
     * there), so that the first line typed finds them; gives up waiting after the timeout and starts
     * it anyway, saying which bundles are not active.
     */
    private void startShell(BundleContext context) throws InterruptedException, BundleException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (context.getServiceReference(ONE_SHOT_SERVICE) == null) {
            if (System.nanoTime() > deadline) {
                System.err.println("orpheus: the orpheus commands are not registered after " + timeoutMillis / 1000
                        + " s; bundles not active: " + inactive(context));
                break;
            }
            Thread.sleep(50);
        }
        for (Bundle b : context.getBundles()) {
            if (GOGO_JLINE.equals(b.getSymbolicName())) {
                b.start();
                return;
            }
        }
        throw new LaunchException("no Gogo shell bundle (" + GOGO_JLINE + ") in " + home.resolve("bundle"));
    }

    /**
     * Waits for the one-shot service (it appears once the container service is there) and for the
     * bundles in deploy/ to be started by fileinstall, then runs the command.
     */
    private int runOneCommand(BundleContext context, String[] args) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        ServiceReference<?> ref;
        while ((ref = context.getServiceReference(ONE_SHOT_SERVICE)) == null || !deployedStarted(context)) {
            if (System.nanoTime() > deadline) {
                throw new LaunchException("gave up after " + timeoutMillis / 1000 + " s waiting for "
                        + (ref == null ? "the Orpheus container and shell services" : "the bundles in deploy/")
                        + "; bundles not active: " + inactive(context));
            }
            Thread.sleep(50);
        }
        Object service = context.getService(ref);
        if (service == null) {
            throw new LaunchException("the shell's one-shot service could not be obtained");
        }
        try {
            Method execute = service.getClass().getMethod("execute", String[].class, PrintStream.class, PrintStream.class);
            return (Integer) execute.invoke(service, args, System.out, System.err);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new LaunchException(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (ReflectiveOperationException e) {
            throw new LaunchException("the shell bundle does not match this launcher: " + e);
        } finally {
            context.ungetService(ref);
        }
    }

    /** Whether every jar now in deploy/ is installed (by fileinstall) and active. */
    private boolean deployedStarted(BundleContext context) {
        List<Path> deployed = jars(home.resolve("deploy"));
        for (Path jar : deployed) {
            String name = jar.getFileName().toString();
            boolean active = false;
            for (Bundle b : context.getBundles()) {
                String location = b.getLocation();
                if (location != null && location.endsWith("/" + name)
                        && (b.getState() == Bundle.ACTIVE || b.getHeaders().get(Constants.FRAGMENT_HOST) != null)) {
                    active = true;
                }
            }
            if (!active) {
                return false;
            }
        }
        return true;
    }

    private static String inactive(BundleContext context) {
        List<String> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null
                    && !GOGO_JLINE.equals(b.getSymbolicName())) {
                out.add(b.getSymbolicName() + " (" + state(b.getState()) + ")");
            }
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    private static String state(int s) {
        return switch (s) {
            case Bundle.INSTALLED -> "installed, not resolved";
            case Bundle.RESOLVED -> "resolved, not started";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.UNINSTALLED -> "uninstalled";
            default -> "state " + s;
        };
    }

    private static void stop(Framework framework, Path storage) {
        try {
            if ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                framework.stop();
                framework.waitForStop(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (BundleException | RuntimeException e) {
            System.err.println("orpheus: stopping the container: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(storage);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // A leftover file in the temporary directory is harmless.
                }
            });
        } catch (IOException e) {
            // As above.
        }
    }

    /** A reason the container could not do what was asked; printed as one line. */
    static final class LaunchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LaunchException(String message) {
            super(message);
        }
    }
}
