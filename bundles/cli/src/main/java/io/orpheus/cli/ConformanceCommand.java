package io.orpheus.cli;

import io.orpheus.conformance.CaseStatus;
import io.orpheus.conformance.ConformanceRunner;
import io.orpheus.conformance.Report;
import io.orpheus.conformance.Tier;
import io.orpheus.runtime.Orpheus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orpheus conformance}: the conformance suite against one backend; exit 1 when a case fails. */
@Command(name = "conformance", description = "Check a backend: ONNX node tests, generated cases against the "
        + "reference backend and (with --full) whole networks. Ends with 'N passed, M failed, K skipped'.")
final class ConformanceCommand implements Callable<Integer> {

    @Option(names = "--backend", required = true, paramLabel = "ID", description = "The backend to check.")
    String backend;

    @Option(names = "--onnx-tests", paramLabel = "DIR",
            description = "ONNX test data (holding node/ and light/); default ../shared/onnx-tests beside the checkout.")
    Path onnxTests;

    @Option(names = "--full", description = "The full tier: every generated case and the whole networks.")
    boolean full;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Orpheus orpheus = Orpheus.embedded();
        if (orpheus.backend(backend) == null) {
            throw new CliException("no backend '" + backend + "' (known: " + String.join(", ",
                    orpheus.backends().stream().map(b -> b.id()).toList()) + ")");
        }
        if (onnxTests != null && !Files.isDirectory(onnxTests)) {
            throw new CliException("--onnx-tests " + onnxTests + ": no such directory");
        }
        Report report = new ConformanceRunner()
                .onResult(r -> {
                    if (r.status() == CaseStatus.FAILED) {
                        out.println(r.describe());
                        out.flush();
                    }
                })
                .run(orpheus, backend, full ? Tier.FULL : Tier.QUICK, onnxTests);
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(json, report.toJson(), StandardCharsets.UTF_8);
        }
        out.println(report.summaryLine());
        return report.hasFailures() ? OrpheusCli.EXIT_FAILURE : 0;
    }
}
