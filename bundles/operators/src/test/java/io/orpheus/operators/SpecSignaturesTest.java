package io.orpheus.operators;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.Signature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Checks every implemented signature against the ONNX changelog section of the same version:
 * input and output counts, attribute names, kinds, required flags and defaults.
 */
class SpecSignaturesTest {

    private static final Pattern SECTION = Pattern.compile("<a name=\"([A-Za-z0-9]+)-(\\d+)\"></a>");
    private static final Pattern ITEM = Pattern.compile("<dt><tt>(\\w+)</tt>(.*?)</dt>");

    @Test
    void signaturesMatchTheChangelog() throws IOException {
        Path tests = Path.of(System.getProperty("orpheus.onnx.tests", "../../../shared/onnx-tests"));
        Path changelog = tests.resolveSibling("onnx-spec").resolve("Changelog.md");
        Assumptions.assumeTrue(Files.isRegularFile(changelog), "skipped: " + changelog + " is absent");
        Map<String, String> sections = sections(Files.readString(changelog));
        List<String> problems = new ArrayList<>();
        for (OperatorSchema s : Case.REGISTRY.all()) {
            for (int v : s.sinceVersions()) {
                String key = s.opType() + "-" + v;
                String body = sections.get(key);
                if (body == null) {
                    problems.add(key + ": no changelog section");
                    continue;
                }
                compare(key, s.signature(v), body, problems);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static Map<String, String> sections(String text) {
        Map<String, String> out = new HashMap<>();
        Matcher m = SECTION.matcher(text);
        String key = null;
        int start = 0;
        while (m.find()) {
            if (key != null) {
                out.put(key, text.substring(start, m.start()));
            }
            key = m.group(1) + "-" + m.group(2);
            start = m.end();
        }
        if (key != null) {
            out.put(key, text.substring(start));
        }
        return out;
    }

    private static void compare(String key, Signature sig, String body, List<String> problems) {
        int[] in = arity(body, "Inputs");
        int[] out = arity(body, "Outputs");
        if (in[0] != sig.minInputs() || in[1] != sig.maxInputs()) {
            problems.add(key + ": inputs " + in[0] + ".." + in[1] + " in the spec, " + sig.minInputs() + ".." + sig.maxInputs());
        }
        if (out[0] != sig.minOutputs() || out[1] != sig.maxOutputs()) {
            problems.add(key + ": outputs " + out[0] + ".." + out[1] + " in the spec, " + sig.minOutputs() + ".." + sig.maxOutputs());
        }
        Map<String, String> specAttrs = new TreeMap<>();
        Matcher block = Pattern.compile("#### Attributes\\s*<dl>(.*?)</dl>", Pattern.DOTALL).matcher(body);
        if (block.find()) {
            Matcher item = ITEM.matcher(block.group(1));
            while (item.find()) {
                specAttrs.put(item.group(1), item.group(2).replaceAll("<[^>]+>", "").trim());
            }
        }
        Map<String, AttributeRule> ours = new TreeMap<>();
        sig.attributes().forEach(r -> ours.put(r.name(), r));
        if (!specAttrs.keySet().equals(ours.keySet())) {
            problems.add(key + ": attributes " + specAttrs.keySet() + " in the spec, " + ours.keySet());
            return;
        }
        for (Map.Entry<String, String> e : specAttrs.entrySet()) {
            AttributeRule r = ours.get(e.getKey());
            String spec = e.getValue();
            AttributeType type = kind(spec);
            if (type != r.type()) {
                problems.add(key + "." + e.getKey() + ": " + spec + " in the spec, " + r.type());
            }
            boolean required = spec.contains("(required)");
            if (required != r.required()) {
                problems.add(key + "." + e.getKey() + ": required=" + required + " in the spec");
            }
            Matcher d = Pattern.compile("\\(default is \\(?([^)]*)\\)?\\)").matcher(spec);
            if (d.find() != (r.dflt() != null)) {
                problems.add(key + "." + e.getKey() + ": default presence differs (" + spec + ")");
            } else if (r.dflt() != null && !sameDefault(d.group(1).trim(), r.dflt())) {
                problems.add(key + "." + e.getKey() + ": default " + d.group(1) + " in the spec, " + r.dflt());
            }
        }
    }

    private static boolean sameDefault(String spec, Attribute ours) {
        return switch (ours.type()) {
            case INT -> Long.parseLong(spec) == ours.asInt();
            case FLOAT -> Math.abs(Float.parseFloat(spec) - ours.asFloat()) <= 1e-5 * Math.max(1, Math.abs(ours.asFloat()));
            case STRING -> spec.equals(ours.asString());
            default -> false;
        };
    }

    private static AttributeType kind(String spec) {
        String t = spec.replaceFirst("^:\\s*", "").replaceAll("\\s*\\(.*$", "").trim();
        return switch (t) {
            case "int" -> AttributeType.INT;
            case "float" -> AttributeType.FLOAT;
            case "string" -> AttributeType.STRING;
            case "tensor" -> AttributeType.TENSOR;
            case "sparse_tensor" -> AttributeType.SPARSE_TENSOR;
            case "list of ints" -> AttributeType.INTS;
            case "list of floats" -> AttributeType.FLOATS;
            case "list of strings" -> AttributeType.STRINGS;
            default -> throw new IllegalArgumentException("attribute kind '" + t + "'");
        };
    }

    /** [min, max] of the Inputs or Outputs heading; the item count when no range is printed. */
    private static int[] arity(String body, String heading) {
        Matcher m = Pattern.compile("#### " + heading + "(?: \\((\\d+) - ([^)]+)\\))?\\s*(<dl>(.*?)</dl>)?",
                Pattern.DOTALL).matcher(body);
        if (!m.find()) {
            return new int[] {0, 0};
        }
        if (m.group(1) != null) {
            String hi = m.group(2).trim();
            return new int[] {Integer.parseInt(m.group(1)), hi.equals("&#8734;") ? Signature.VARIADIC : Integer.parseInt(hi)};
        }
        int n = 0;
        if (m.group(4) != null) {
            Matcher items = ITEM.matcher(m.group(4));
            while (items.find()) {
                n++;
            }
        }
        return new int[] {n, n};
    }
}
