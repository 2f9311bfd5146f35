package io.orpheus.api;

/**
 * A model that cannot be loaded: unreadable, malformed, hostile or unsupported. The message names
 * the file, the node or tensor, and the reason.
 */
public class ModelLoadException extends OrpheusException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String element;
    private final String reason;

    /**
     * @param source  the model file (or another name for where the bytes came from)
     * @param element the node, tensor or field at fault ("" when the whole file is)
     * @param reason  what is wrong
     */
    public ModelLoadException(String source, String element, String reason) {
        this(source, element, reason, null);
    }

    public ModelLoadException(String source, String element, String reason, Throwable cause) {
        super(format(source, element, reason), cause);
        this.source = source;
        this.element = element;
        this.reason = reason;
    }

    private static String format(String source, String element, String reason) {
        StringBuilder sb = new StringBuilder();
        if (source != null && !source.isEmpty()) {
            sb.append(source).append(": ");
        }
        if (element != null && !element.isEmpty()) {
            sb.append(element).append(": ");
        }
        return sb.append(reason).toString();
    }

    public String source() {
        return source;
    }

    public String element() {
        return element;
    }

    public String reason() {
        return reason;
    }
}
