package io.orpheus.bench;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled. */
public final class Csv {

    private Csv() {
    }

    public static String write(List<String> header, List<List<Object>> rows) {
        StringBuilder sb = new StringBuilder();
        line(sb, new ArrayList<>(header));
        for (List<Object> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("CSV row has " + r.size() + " fields, header " + header.size());
            }
            line(sb, r);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object f = fields.get(i);
            String s = f == null ? "" : f instanceof Double d ? format(d) : String.valueOf(f);
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                sb.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(s);
            }
        }
        sb.append('\n');
    }

    private static String format(double d) {
        // Shortest text that reads back to the same double: small differences (1e-7) keep their digits.
        return Double.isFinite(d) ? Double.toString(d) : "";
    }

    /** Parses CSV text into rows of fields (the header is the first row). */
    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                any = false;
            } else if (c != '\r') {
                field.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("CSV ends inside a quoted field");
        }
        if (any) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
