package io.orpheus.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DeclaredRankingTest {

    /** A component class whose descriptor is a test resource, OSGI-INF/io.orpheus.runtime.DeclaredRankingTest.xml. */
    @Test
    void readsTheRankingFromTheComponentDescriptorBesideTheClass() {
        assertEquals(42, DeclaredRanking.of(DeclaredRankingTest.class));
    }

    @Test
    void aClassWithoutADescriptorRanksZero() {
        assertEquals(0, DeclaredRanking.of(DeclaredRanking.class));
    }

    @Test
    void parsesOnlyTheRankingProperty() {
        String xml = """
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="x.Y">
                  <property name="orpheus.backend.id" type="String" value="7"/>
                  <property type="Integer" value="-3" name="service.ranking"/>
                </scr:component>""";
        assertEquals(-3, DeclaredRanking.parse(xml));
        assertEquals(0, DeclaredRanking.parse("<property name=\"orpheus.backend.id\" value=\"9\"/>"));
        assertEquals(0, DeclaredRanking.parse("<property name=\"service.ranking\" value=\"lots\"/>"));
        assertEquals(0, DeclaredRanking.parse("not xml at all"));
    }
}
