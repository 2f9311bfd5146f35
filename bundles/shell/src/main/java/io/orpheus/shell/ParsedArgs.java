package io.orpheus.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command's arguments split into positionals and options. Options are {@code --name VALUE} or
 * {@code --name=VALUE}; a flag takes no value; options may repeat where allowed (collected in order);
 * {@code --} ends the options.
 */
final class ParsedArgs {

    final List<String> positionals = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();

    static ParsedArgs parse(String command, List<String> args, Set<String> flags, Set<String> valued,
                            Set<String> repeatable) {
        ParsedArgs p = new ParsedArgs();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (optionsEnded || !a.startsWith("--") || a.equals("-")) {
                p.positionals.add(a);
                continue;
            }
            if (a.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            if (flags.contains(name)) {
                if (eq > 0) {
                    throw new UsageException(name + " takes no value (see 'help " + command + "')");
                }
                p.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name) || repeatable.contains(name)) {
                String value;
                if (eq > 0) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException(name + " needs a value (see 'help " + command + "')");
                }
                List<String> values = p.options.computeIfAbsent(name, k -> new ArrayList<>());
                if (!values.isEmpty() && !repeatable.contains(name)) {
                    throw new UsageException(name + " is given twice");
                }
                values.add(value);
            } else {
                throw new UsageException("unknown option '" + name + "' for " + command + " (see 'help " + command + "')");
            }
        }
        return p;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    String value(String name) {
        List<String> v = options.get(name);
        return v == null ? null : v.getFirst();
    }

    List<String> values(String name) {
        return options.getOrDefault(name, List.of());
    }

    Integer intValue(String name) {
        String v = value(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " takes a whole number, got '" + v + "'");
        }
    }

    long longValue(String name, long absent) {
        String v = value(name);
        if (v == null) {
            return absent;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " takes a whole number, got '" + v + "'");
        }
    }

    /** The positionals, checking their count. */
    List<String> positionals(String command, int min, int max, String usage) {
        if (positionals.size() < min || positionals.size() > max) {
            throw new UsageException(positionals.size() < min ? command + " needs " + usage
                    : command + " takes " + usage + ", got extra '" + positionals.get(max) + "'");
        }
        return positionals;
    }
}
