package io.orpheus.container.internal;

import io.orpheus.container.AdmissionPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The metatype of Config Admin PID {@value AdmissionPolicy#PID} (e.g. {@code conf/io.orpheus.admission.cfg}
 * or a {@code .config} file in {@code deploy/}). Read by {@link AdmissionPolicies#from}.
 */
@ObjectClassDefinition(id = AdmissionPolicy.PID, name = "Orpheus backend admission",
        description = "Which conformance tier a backend must pass before its implementations are selectable, "
                + "and which backends are trusted without tests.")
@interface AdmissionConfiguration {

    @AttributeDefinition(name = "Tier", description = "quick: a few generated cases per implementation (seconds); "
            + "full: every generated case and every ONNX node test of its operator.",
            options = {@Option(label = "quick", value = "quick"), @Option(label = "full", value = "full")})
    String tier() default "quick";

    @AttributeDefinition(name = "Trusted backends", required = false,
            description = "Backend ids admitted WITHOUT conformance tests (comma-separated). Empty by default; "
                    + "a warning is logged whenever it is not.")
    String[] trust() default {};
}
