package io.orpheus.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.backend.reference.ReferenceBackend;
import io.orpheus.operators.OnnxStandardOperators;
import java.util.ArrayList;
import io.orpheus.runtime.Orpheus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operators no generator knows are checked on their schema's examples, against the expansion on the reference. */
class ExampleCasesTest {

    private static Orpheus runtime(boolean withExpansion) {
        return Orpheus.builder().serviceLoader(true).addOperatorSet(ScaledAddOperator.operatorSet(withExpansion)).build();
    }

    @Test
    void aRightCustomKernelIsAdmittedOnTheSchemasExamples() {
        AdmissionResult r = new ConformanceRunner().admit(runtime(true), ScaledAddOperator.backend(0f), Tier.QUICK, null);

        ImplementationVerdict v = r.implementations().getFirst();
        assertTrue(v.admitted(), v::reason);
        assertEquals("com.test", v.domain());
        assertEquals(3, v.passed(), "each of the schema's three examples ran: " + v.counts());
        assertEquals(0, v.skipped());
    }

    @Test
    void aWrongCustomKernelIsRefusedNamingTheExample() {
        AdmissionResult r = new ConformanceRunner().admit(runtime(true), ScaledAddOperator.backend(1e-2f), Tier.FULL,
                null);

        ImplementationVerdict v = r.implementations().getFirst();
        assertFalse(v.admitted());
        assertEquals(6, v.failed(), "3 examples, fed and with constant operands: " + v.counts());
        CaseResult f = v.firstFailure();
        assertNotNull(f);
        assertTrue(f.name().startsWith("com.test:ScaledAdd/example-1 a[3,5] b[3,5] alpha=0.5"), f.name());
        assertFalse(f.observed().isEmpty());
        assertFalse(f.expected().isEmpty());
        assertTrue(v.reason().contains("example-1"), v.reason());
    }

    @Test
    void withoutAnExpansionOrAReferenceKernelNothingRunsAndNothingIsAdmitted() {
        AdmissionResult r = new ConformanceRunner().admit(runtime(false), ScaledAddOperator.backend(0f), Tier.QUICK, null);

        ImplementationVerdict v = r.implementations().getFirst();
        assertFalse(v.admitted());
        assertEquals(0, v.passed() + v.failed());
        assertTrue(v.note().contains("gives no expansion"), v.note());
    }

    @Test
    void theReferencesOwnKernelOfTheOperatorIsTheOracleWhenItHasOne() {
        Backend reference = new ReferenceWithScaledAdd(new ReferenceBackend());
        Orpheus orpheus = Orpheus.builder().addBackend(reference).addOperatorSet(new OnnxStandardOperators())
                .addOperatorSet(ScaledAddOperator.operatorSet(false)).build();

        ImplementationVerdict right = new ConformanceRunner()
                .admit(orpheus, ScaledAddOperator.backend(0f), Tier.QUICK, null).implementations().getFirst();
        assertTrue(right.admitted(), right::reason);
        assertEquals(3, right.passed(), right.counts());
        ImplementationVerdict wrong = new ConformanceRunner()
                .admit(orpheus, ScaledAddOperator.backend(1e-2f), Tier.QUICK, null).implementations().getFirst();
        assertFalse(wrong.admitted());
        assertEquals(1, wrong.failed(), wrong.counts());
    }

    /** The reference backend plus a kernel of the custom operator, as a reference that implements it. */
    private record ReferenceWithScaledAdd(Backend reference) implements Backend {
        @Override
        public String id() {
            return Backend.REFERENCE_ID;
        }

        @Override
        public String version() {
            return reference.version();
        }

        @Override
        public Availability availability() {
            return reference.availability();
        }

        @Override
        public List<OpImplementation> implementations() {
            List<OpImplementation> all = new ArrayList<>(reference.implementations());
            all.add(ScaledAddOperator.implementation("reference.scaled_add"));
            return all;
        }
    }

    @Test
    void theJUnitSuitesGeneratedGroupHoldsTheExamples() {
        Orpheus orpheus = runtime(true);
        Backend right = ScaledAddOperator.backend(0f);
        List<ConformanceCase> quick = ConformanceCases.generated(right, orpheus.backend(Backend.REFERENCE_ID),
                orpheus.schemas(), Tier.QUICK);

        // each example twice: its operands fed, and all but the first as constants
        assertEquals(6, quick.size(), quick.stream().map(ConformanceCase::name).toList().toString());
        assertTrue(quick.get(3).name().startsWith("com.test:ScaledAdd/example-1-constant"), quick.get(3).name());
        Orpheus withBackend = Orpheus.builder().serviceLoader(true).addBackend(right)
                .addOperatorSet(ScaledAddOperator.operatorSet(true)).build();
        CaseContext context = new CaseContext(withBackend, right);
        for (ConformanceCase c : quick) {
            CaseResult result = c.run(context);
            assertEquals(CaseStatus.PASSED, result.status(), result::describe);
        }
        Backend wrong = ScaledAddOperator.backend(1e-2f);
        CaseContext wrongContext = new CaseContext(Orpheus.builder().serviceLoader(true).addBackend(wrong)
                .addOperatorSet(ScaledAddOperator.operatorSet(true)).build(), wrong);
        assertEquals(CaseStatus.FAILED, quick.getFirst().run(wrongContext).status());
    }
}
