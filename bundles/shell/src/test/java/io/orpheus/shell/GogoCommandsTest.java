package io.orpheus.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;
import java.util.TreeSet;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Gogo adapter: every function registered and described, errors as one line on the session's stderr. */
class GogoCommandsTest {

    @TempDir
    Path dir;

    @Test
    void everyPublicMethodIsARegisteredDescribedFunction() throws IOException {
        // The component description bnd generated from the (class-retention) DS annotations.
        String xml;
        try (InputStream in = GogoCommands.class.getResourceAsStream("/OSGI-INF/io.orpheus.shell.GogoCommands.xml")) {
            assertNotNull(in, "no DS descriptor generated for GogoCommands");
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(xml.contains("<property name=\"osgi.command.scope\" type=\"String\" value=\"orpheus\"/>"), xml);
        assertTrue(xml.contains("<provide interface=\"java.lang.Object\"/>"), xml);
        Matcher m = Pattern.compile("(?s)<property name=\"osgi.command.function\" type=\"String\">(.*?)</property>").matcher(xml);
        assertTrue(m.find(), xml);
        Set<String> functions = new TreeSet<>(m.group(1).strip().lines().map(String::strip).toList());
        Set<String> methods = new TreeSet<>();
        for (Method method : GogoCommands.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(method.getModifiers())) {
                continue;
            }
            methods.add(method.getName());
            assertNotNull(method.getAnnotation(Descriptor.class), method.toString());
            for (Parameter p : method.getParameters()) {
                assertNotNull(p.getAnnotation(Descriptor.class), method + " " + p);
            }
        }
        assertEquals(functions, methods);
        assertTrue(functions.containsAll(Set.of("load", "models", "info", "unload", "backends", "impls", "conformance",
                "plan", "select", "passes", "run", "diag", "zoo")), functions.toString());
    }

    @Test
    void commandsPrintToTheSessionStreamsAndErrorsAreOneLine() {
        GogoCommands gogo = new GogoCommands(new ShellCommands(TestContainer.embedded()));
        Path file = Fixtures.reluModel(dir);
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        Fixtures.Capture out = new Fixtures.Capture();
        Fixtures.Capture err = new Fixtures.Capture();
        try {
            System.setOut(out.stream);
            System.setErr(err.stream);
            gogo.load(file.toString(), "r");
            gogo.run("", "", false, 0, 2, "reference", "", "", "", "r");
            gogo.select("r", "Relu", "nope.relu");
            gogo.zoo(false, 0, "resnet18");
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        assertTrue(out.text().startsWith("loaded r from "), out.text());
        assertTrue(out.text().contains("on 2 thread(s)"), out.text());
        assertEquals(java.util.List.of("orpheus: no implementation 'nope.relu' (see 'impls Relu')",
                "orpheus: zoo needs NAME and FILE (or --list)"), err.lines());
    }
}
