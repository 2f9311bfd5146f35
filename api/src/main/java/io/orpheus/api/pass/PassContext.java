package io.orpheus.api.pass;

import io.orpheus.api.op.SchemaRegistry;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** What a pass may consult while it rewrites, and where it reports what it changed. */
@ProviderType
public interface PassContext {

    SchemaRegistry schemas();

    /** Opset versions the model imports, by domain. */
    Map<String, Long> opsetImports();

    /** Records one human-readable change ("folded BatchNormalization bn1 into conv1"). */
    void report(String change);
}
