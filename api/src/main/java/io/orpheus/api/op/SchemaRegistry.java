package io.orpheus.api.op;

import java.util.Collection;
import org.osgi.annotation.versioning.ProviderType;

/** The schemas known to a runtime, by domain and operator name. */
@ProviderType
public interface SchemaRegistry {

    /** The schema for an operator, or null when none is known. */
    OperatorSchema find(String domain, String opType);

    /**
     * The since-version that opset {@code opset} of the domain selects for the operator and that
     * the schema implements, or -1 when none.
     */
    default int resolveVersion(String domain, String opType, long opset) {
        OperatorSchema s = find(domain, opType);
        if (s == null) {
            return -1;
        }
        int best = -1;
        for (int v : s.allVersions()) {
            if (v <= opset) {
                best = v;
            }
        }
        if (best < 0) {
            return -1;
        }
        for (int v : s.sinceVersions()) {
            if (v == best) {
                return v;
            }
        }
        return -1;
    }

    Collection<OperatorSchema> all();
}
