package io.orpheus.api;

import java.util.List;

/** A model that is well-formed but uses operators (or versions, or types) that nothing here runs. */
public class UnsupportedModelException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    /** One unsupported node: where it is, what it is, and why it cannot run. */
    public record Problem(String node, String opType, String domain, int opset, String why) {
        @Override
        public String toString() {
            // Problems with a value rather than a node name it themselves ("input 'x'").
            String where = node.contains("'") ? node : "node '" + node + "'";
            return where + " (" + (domain.isEmpty() ? "" : domain + ":") + opType
                    + (opset >= 0 ? ", opset " + opset : "") + "): " + why;
        }
    }

    private final List<Problem> problems;

    public UnsupportedModelException(String source, List<Problem> problems) {
        super(source, "", problems.size() + " unsupported node(s): " + String.join("; ",
                problems.stream().map(Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
